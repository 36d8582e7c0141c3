-- The W3C trace context of the change that made the event (null when tracing is off), sent with it
-- as the CloudEvents distributed tracing extension (ce_traceparent).
alter table outbox_event add column traceparent text;
