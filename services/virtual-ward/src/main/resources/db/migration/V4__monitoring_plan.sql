-- The monitoring plan: a complete set of readings is due this often; the expected length of stay.
alter table ward_stay add column monitoring_interval_minutes integer not null default 240;
alter table ward_stay add column expected_days integer;

-- No complete set within the interval: an alert (a Flag) until the next complete set is scored.
create table missed_reading (
    id           text primary key,
    ward_stay_id text        not null references ward_stay (id),
    nhs_number   text        not null,
    last_set_at  timestamptz not null,
    due_at       timestamptz not null,
    raised_at    timestamptz not null,
    resolved_at  timestamptz,
    flag         text        not null
);
create unique index missed_reading_open on missed_reading (ward_stay_id) where resolved_at is null;
