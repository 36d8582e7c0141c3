-- BaRS: every message a referrer sent to $process-message that changed something (a new
-- referral, an update, a cancellation), with its transport ids, so that the same message or the
-- same X-Request-ID again is recognised, an update or cancellation is matched to the referral the
-- same sender made, and every exchange can be audited.
create table bars_message (
    message_id     text primary key,
    request_id     text unique,
    correlation_id text,
    reason         text        not null,
    sender_org     text,
    sender_ods     text,
    referral_id    text        not null references referral (id) deferrable initially deferred,
    received_at    timestamptz not null
);
create index bars_message_referral on bars_message (referral_id);

-- A validation request (a clinician is asked to validate a 111/999 disposition) rather than a
-- transfer of care: its own queue for the SPA's clinicians, counted apart.
alter table referral add column validation boolean not null default false;
create index referral_open_validation on referral (received_at)
    where validation and state in ('received', 'triaged', 'accepted');
