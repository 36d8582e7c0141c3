-- Hospitalization details as the hospital's feed gives them, in its own codes: where the person
-- was admitted from (PV1-14, admit source) and where they went (PV1-36, discharge disposition).
alter table hospital_stay
    add column admit_source          text,
    add column discharge_disposition text;
