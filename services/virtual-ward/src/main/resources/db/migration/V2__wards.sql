-- Which ward a stay is on, and when it began and ended: occupancy is the active stays per ward.
alter table ward_stay add column ward text not null default '';
alter table ward_stay add column started_at timestamptz;
alter table ward_stay add column ended_at timestamptz;
alter table ward_stay alter column ward drop default;
create index ward_stay_occupancy on ward_stay (ward) where status = 'active';
-- One active stay per person on all the wards together.
create unique index ward_stay_one_active on ward_stay (nhs_number) where status = 'active';
