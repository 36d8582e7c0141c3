-- The parts of a person's plan that people write as resources of their own: the care team
-- (CareTeam), goals (Goal) and the common trusted assessment (QuestionnaireResponse). Each is
-- versioned like the plan, and linked from it.
create table plan_part (
    id            text primary key,
    resource_type text        not null,
    version       bigint      not null,
    nhs_number    text        not null,
    status        text        not null,
    last_updated  timestamptz not null,
    resource      text        not null,
    care_plan_id  text        not null references care_plan (id)
);
create index plan_part_person on plan_part (resource_type, nhs_number, last_updated);
-- One care team per plan: a second one would split who is accountable.
create unique index plan_part_one_care_team on plan_part (care_plan_id)
    where resource_type = 'CareTeam' and status <> 'entered-in-error';

create table plan_part_version (
    id           text        not null references plan_part (id),
    version      bigint      not null,
    last_updated timestamptz not null,
    changed_by   text        not null,
    resource     text        not null,
    primary key (id, version)
);
