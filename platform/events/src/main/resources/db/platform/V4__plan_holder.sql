-- Which cluster team holds each person's One Team care plan, heard from careplans.v1: the services
-- that are not care-plans use it to let a cluster team see its own people and nobody else's.
-- (The referrals service kept the same rows as person_care_plan before; its own migration renames
-- that table to this one, so "if not exists".)
create table if not exists plan_holder (
    nhs_number   text primary key,
    care_plan_id text   not null,
    version      bigint not null,
    status       text   not null,
    cluster      text
);
create index if not exists plan_holder_cluster on plan_holder (cluster);
