-- Proactive case management: the groups a cluster looks for in its caseload. Data, not code:
-- the city changes them through PUT /careplans/target-groups/{code}.
create table target_group (
    code text primary key,
    name text not null
);
insert into target_group (code, name) values
    ('high-intensity-user', 'High intensity users of urgent and emergency care'),
    ('frailty', 'Moderate or severe frailty'),
    ('heart-failure', 'Heart failure'),
    ('respiratory', 'Respiratory disease (COPD, asthma)'),
    ('complex-learning-disability', 'Complex learning disability'),
    ('palliative', 'Palliative and end of life care');

-- Which groups a plan is in (its CarePlan.category codings), for a cluster's caseload by group.
create table care_plan_target_group (
    care_plan_id text not null references care_plan (id),
    code         text not null references target_group (code),
    primary key (care_plan_id, code)
);
create index care_plan_target_group_code on care_plan_target_group (code);
create index care_plan_review on care_plan (cluster, anticipatory_review) where status = 'active';
