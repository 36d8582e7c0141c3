-- The monitoring kit assigned to each stay (the devices' client ids, space-separated): a device's
-- token posts readings for the person whose active stay names it, and for nobody else.
alter table ward_stay add column devices text;
