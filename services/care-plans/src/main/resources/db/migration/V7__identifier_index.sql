-- Conditional create (If-None-Exist: identifier=system|value) finds the resources that carry an
-- identifier in their stored JSON (IdentifierMatches). Only rows that carry one are indexed, so
-- the tasks and parts that events write, which carry none, cost nothing more to insert.
create index plan_part_identifier on plan_part using gin ((cast(resource as jsonb) -> 'identifier'))
    where jsonb_exists(cast(resource as jsonb), 'identifier');
create index task_identifier on task using gin ((cast(resource as jsonb) -> 'identifier'))
    where jsonb_exists(cast(resource as jsonb), 'identifier');
create index care_plan_identifier on care_plan using gin ((cast(resource as jsonb) -> 'identifier'))
    where jsonb_exists(cast(resource as jsonb), 'identifier');
