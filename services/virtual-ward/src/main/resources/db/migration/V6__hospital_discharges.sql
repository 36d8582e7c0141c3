-- People's hospital stays as the discharge service announces them (discharges.v1): a step-down
-- admission is linked to the stay it follows.
create table hospital_discharge (
    encounter_id  text primary key,
    nhs_number    text        not null,
    hospital      text        not null,
    discharged_at timestamptz
);
create index hospital_discharge_person on hospital_discharge (nhs_number, discharged_at);
