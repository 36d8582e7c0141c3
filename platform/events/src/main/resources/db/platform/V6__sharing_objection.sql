-- A person's objections to sharing their record (FHIR Consent, provision deny), one row per
-- organisation refused: an ODS code, or '*' for everyone outside the organisation that recorded
-- it (the keeper). Kept by care-plans as Consents are written, and by the other services from
-- careplans.v1, so that each refuses at once what the person refused.
create table sharing_objection (
    id          bigserial primary key,
    consent_id  text not null,
    nhs_number  text not null,
    recipient   text not null,
    keeper      text
);
create index sharing_objection_person on sharing_objection (nhs_number);
create index sharing_objection_consent on sharing_objection (consent_id);
