-- Who already has a One Team care plan, learned from careplans.v1, so the SPA shows it on a
-- referral and nobody asks the person to tell their story again.
create table person_care_plan (
    nhs_number   text primary key,
    care_plan_id text   not null,
    version      bigint not null,
    status       text   not null
);
