-- The person's date of birth when the referral gives it, for UCR performance by age band.
alter table referral add column birth_date date;
