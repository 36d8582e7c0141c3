-- One shared CarePlan per person: the current version here, every version in care_plan_version.
create table care_plan (
    id           text primary key,
    version      bigint      not null,
    nhs_number   text        not null,
    status       text        not null,
    last_updated timestamptz not null,
    resource     text        not null
);
-- One active plan per person, whatever races between consumers and people.
create unique index care_plan_one_active_per_person on care_plan (nhs_number) where status = 'active';

create table care_plan_version (
    id           text        not null references care_plan (id),
    version      bigint      not null,
    last_updated timestamptz not null,
    changed_by   text        not null,
    resource     text        not null,
    primary key (id, version)
);
