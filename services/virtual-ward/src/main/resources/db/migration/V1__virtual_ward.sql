-- A virtual ward stay as a FHIR EpisodeOfCare, and the observations scored with NEWS2.
create table ward_stay (
    id           text primary key,
    version      bigint      not null,
    nhs_number   text        not null,
    status       text        not null,
    last_updated timestamptz not null,
    resource     text        not null
);
create index ward_stay_nhs_number on ward_stay (nhs_number);

create table ward_stay_version (
    id           text        not null references ward_stay (id),
    version      bigint      not null,
    last_updated timestamptz not null,
    changed_by   text        not null,
    resource     text        not null,
    primary key (id, version)
);

create table observation (
    id           text primary key,
    ward_stay_id text        not null references ward_stay (id),
    effective_at timestamptz not null,
    news2_score  smallint,
    resource     text        not null
);
create index observation_ward_stay on observation (ward_stay_id, effective_at);
