-- Activities on a person's plan as FHIR Tasks, each with an owner, a due date and a status.
create table task (
    id           text primary key,
    version      bigint      not null,
    nhs_number   text        not null,
    status       text        not null,
    last_updated timestamptz not null,
    resource     text        not null,
    owner        text,
    care_plan_id text references care_plan (id),
    -- The event-driven source of a task (e.g. a referral), so one is made once per source.
    source_ref   text unique
);
create index task_nhs_number on task (nhs_number);
create index task_owner on task (owner, status);

create table task_version (
    id           text        not null references task (id),
    version      bigint      not null,
    last_updated timestamptz not null,
    changed_by   text        not null,
    resource     text        not null,
    primary key (id, version)
);
