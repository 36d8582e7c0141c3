-- For the measures: how a stay began (step-up or step-down) and ended (home, admitted-to-hospital, died).
alter table ward_stay add column route text not null default 'step-up';
alter table ward_stay alter column route drop default;
alter table ward_stay add column outcome text;
