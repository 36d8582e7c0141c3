-- The cluster whose team holds the plan (the one that accepted a referral), for the team's list.
alter table care_plan add column cluster text;
create index care_plan_cluster on care_plan (cluster, last_updated);
