-- A referral is a FHIR ServiceRequest; the current version here, every version in referral_version.
create table referral (
    id           text primary key,
    version      bigint      not null,
    nhs_number   text        not null,
    status       text        not null,
    last_updated timestamptz not null,
    resource     text        not null
);
create index referral_nhs_number on referral (nhs_number);

create table referral_version (
    id           text        not null references referral (id),
    version      bigint      not null,
    last_updated timestamptz not null,
    changed_by   text        not null,
    resource     text        not null,
    primary key (id, version)
);
