-- A hospital stay as a FHIR Encounter: admission, medically optimised (no longer meets the
-- criteria to reside), discharge on D2A pathway 0-3. Delay days are counted from these dates.
create table hospital_stay (
    id                  text primary key,
    version             bigint      not null,
    nhs_number          text        not null,
    status              text        not null,
    last_updated        timestamptz not null,
    resource            text        not null,
    admitted_at         timestamptz,
    medically_optimised timestamptz,
    discharged_at       timestamptz,
    pathway             smallint check (pathway between 0 and 3)
);
create index hospital_stay_nhs_number on hospital_stay (nhs_number);

create table hospital_stay_version (
    id           text        not null references hospital_stay (id),
    version      bigint      not null,
    last_updated timestamptz not null,
    changed_by   text        not null,
    resource     text        not null,
    primary key (id, version)
);
