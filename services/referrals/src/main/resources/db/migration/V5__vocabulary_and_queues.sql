-- Nobody is turned away at the door: a referral with no NHS number but enough to trace one waits on
-- the SPA's "trace" queue (nhs_number null until traced), one whose service could not be read on the
-- "to categorise" queue (with why). The referrer (the caller's organisation, else the caller) makes a
-- repeat: the same identifier from the same referrer.
alter table referral alter column nhs_number drop not null;
alter table referral
    add column to_categorise text,
    add column referrer      text;
create index referral_to_trace on referral (received_at) where nhs_number is null;
create index referral_to_categorise on referral (received_at) where to_categorise is not null;
