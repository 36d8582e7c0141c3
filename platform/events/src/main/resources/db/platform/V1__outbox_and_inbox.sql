-- Platform tables, in every service's own database, migrated with their own history table
-- (flyway_platform_history) so that they never collide with the service's migrations.

-- Transactional outbox: written in the same transaction as the state change, relayed to Kafka.
create table outbox_event (
    seq          bigserial primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    event_key    text        not null,
    event_type   text        not null,
    event_source text        not null,
    subject      text,
    occurred_at  timestamptz not null,
    payload      text        not null,
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;

-- Idempotent consumer: an event (CloudEvents source + id) is applied at most once.
create table processed_event (
    event_source text        not null,
    event_id     text        not null,
    event_type   text        not null,
    processed_at timestamptz not null default now(),
    primary key (event_source, event_id)
);

-- Highest version of another service's resource applied here: older or equal ones are ignored,
-- so a late or replayed event never rolls state back.
create table applied_version (
    resource_ref text   primary key,
    version      bigint not null
);
