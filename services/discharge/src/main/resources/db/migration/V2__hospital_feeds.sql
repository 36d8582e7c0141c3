-- Hospital feeds (HL7 v2 ADT). A stay is keyed on the sending hospital and its visit number
-- (PV1-19), else the hospital number and the admission time. A stay may arrive before anyone
-- knows the person's NHS number: it is kept, and announced once the number is known.
alter table hospital_stay alter column nhs_number drop not null;
alter table hospital_stay
    add column stay_key               text not null unique,
    add column hospital               text not null,
    add column visit_number           text,
    add column hospital_number        text,
    add column location               text,
    add column expected_discharge     timestamptz,
    -- When the PAS recorded the cancellation (A11, A13): an admission or discharge message
    -- recorded before it, arriving late, does not undo the cancellation.
    add column admission_cancelled_at timestamptz,
    add column discharge_cancelled_at timestamptz,
    -- The status the person's care plan was last told of (null: nothing published yet).
    add column announced_status       text;

-- Each message applied, by sender and control id (MSH-3/4, MSH-10), with the ACK it got: the
-- same message again gets the same ACK and changes nothing.
create table hl7_message (
    sender      text        not null,
    control_id  text        not null,
    received_at timestamptz not null,
    ack         text        not null,
    primary key (sender, control_id)
);
