-- person_care_plan becomes the platform's plan_holder, which also keeps the team that holds the
-- plan. The platform's own migration may have made plan_holder already (it runs apart from these):
-- then the rows move across.
do $$
begin
    if to_regclass('plan_holder') is null then
        alter table person_care_plan rename to plan_holder;
        alter table plan_holder add column cluster text;
        create index plan_holder_cluster on plan_holder (cluster);
    else
        insert into plan_holder (nhs_number, care_plan_id, version, status)
        select nhs_number, care_plan_id, version, status from person_care_plan
        on conflict (nhs_number) do nothing;
        drop table person_care_plan;
    end if;
end $$;
