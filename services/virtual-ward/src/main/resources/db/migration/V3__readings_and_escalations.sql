-- Readings and NEWS2 scores: what each reading is as NEWS2 scores it, so a set is scored from
-- columns, and the person, so that their observations are searched without the stay.
alter table observation add column nhs_number text not null default '';
alter table observation add column vital text;
alter table observation add column reading text;
alter table observation add column code text not null default '';
alter table observation add column last_updated timestamptz not null default now();
alter table observation alter column nhs_number drop default;
alter table observation alter column code drop default;
alter table observation alter column last_updated drop default;
create index observation_person on observation (nhs_number, code, effective_at);

-- The SpO2 scale NEWS2 uses for the person: 2 only when a clinician records it.
alter table ward_stay add column spo2_scale smallint not null default 1;

-- An escalation raised by a NEWS2 score: its Flag and the Task for the responsible clinician.
create table escalation (
    id              text primary key,
    ward_stay_id    text        not null references ward_stay (id),
    nhs_number      text        not null,
    level           text        not null,
    score           smallint    not null,
    news2_id        text        not null references observation (id),
    raised_at       timestamptz not null,
    due_at          timestamptz not null,
    status          text        not null,
    acknowledged_by text,
    acknowledged_at timestamptz,
    version         bigint      not null,
    last_updated    timestamptz not null,
    flag            text        not null,
    task            text        not null
);
create index escalation_active on escalation (ward_stay_id) where status <> 'resolved';
create index escalation_person on escalation (nhs_number);
