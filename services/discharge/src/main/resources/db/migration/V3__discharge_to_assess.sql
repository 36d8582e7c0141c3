-- Discharge to assess: the stages after medically optimised, the days counted as delayed, the
-- reablement service's places, and the check 91 days after a discharge home with reablement.
alter table hospital_stay
    add column community_service     text,
    add column community_accepted_at timestamptz,
    add column assessed_at_home_at   timestamptz,
    -- The discharge hub's reason for the delay, as a code (DelayReason); waiting for a
    -- reablement place is the reason while the person waits for one, whatever this says.
    add column delay_reason          text,
    add column delay_days            integer not null default 0,
    -- The person's stay this one is a readmission of (admitted within 91 days of its discharge).
    add column readmission_of        text references hospital_stay (id),
    add column home_check_outcome    text,
    add column home_checked_at       timestamptz,
    -- A place in reablement (pathway 1), offered in the order asked for: waiting, allocated (the
    -- place is held for the person), started (at home), ended (with the outcome), or not-started.
    add column reablement_status       text,
    add column reablement_requested_at timestamptz,
    add column reablement_allocated_at timestamptz,
    add column reablement_started_at   timestamptz,
    add column reablement_ended_at     timestamptz,
    add column reablement_outcome      text;
create index hospital_stay_delayed on hospital_stay (medically_optimised)
    where medically_optimised is not null and discharged_at is null and admission_cancelled_at is null;

-- One row per day a person spent in hospital after they were medically optimised (the day that
-- began at a midnight they were still there), with the reason for that day: the measure of delay.
create table delay_day (
    stay_id text not null references hospital_stay (id),
    day     date not null,
    reason  text not null,
    primary key (stay_id, day)
);

create index hospital_stay_reablement_waiting on hospital_stay (reablement_requested_at)
    where reablement_status = 'waiting';
create index hospital_stay_reablement_held on hospital_stay (reablement_status)
    where reablement_status in ('allocated', 'started');
