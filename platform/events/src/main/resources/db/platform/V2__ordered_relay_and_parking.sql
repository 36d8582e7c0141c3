-- The relay publishes one service's outbox from one instance at a time (a session advisory lock),
-- in seq order. Writers take the person's transaction lock before their outbox row, so one
-- person's rows get their seq in commit order; see OutboxRelay and PersonLocks.

-- A row the broker refuses for good (too large for the topic, say) is parked with the reason,
-- so the rows after it flow on; an operator replays it (parked_at cleared) or dismisses it.
alter table outbox_event add column parked_at timestamptz;
alter table outbox_event add column park_reason text;
alter table outbox_event add column dismissed_at timestamptz;
drop index outbox_event_unpublished;
create index outbox_event_unpublished on outbox_event (seq) where published_at is null and parked_at is null;
create index outbox_event_parked on outbox_event (parked_at) where parked_at is not null and dismissed_at is null;
-- For pruning what was published long ago.
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;

-- New events wake the relay, in whichever instance holds the lease, when their transaction
-- commits (NOTIFY is delivered on commit only, and once per transaction however many rows).
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('onetem_outbox', '');
    return null;
end $$;
create trigger outbox_event_inserted after insert on outbox_event
    for each statement execute function outbox_event_notify();

-- For pruning processed ids older than the topics keep events.
create index processed_event_processed_at on processed_event (processed_at);

-- An event a consumer could not apply after its retries: parked on <topic>.dlq and here, where
-- an operator sees it, fixes the cause and replays it, or dismisses it with a reason.
create table parked_event (
    id            bigserial   primary key,
    topic         text        not null,
    partition_no  integer     not null,
    record_offset bigint      not null,
    record_key    text,
    headers       text        not null, -- JSON object of the record's headers as strings
    payload       text,
    event_id      text,
    event_type    text,
    reason        text        not null,
    attempts      integer     not null,
    parked_at     timestamptz not null default now(),
    resolved_at   timestamptz,
    resolution    text,
    resolved_by   text,
    unique (topic, partition_no, record_offset)
);
create index parked_event_unresolved on parked_event (parked_at) where resolved_at is null;
