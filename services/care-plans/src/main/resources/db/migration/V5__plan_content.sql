-- What the plan says that the city counts: anticipatory care plans in date, the end of life register.
alter table care_plan add column anticipatory_review date;
alter table care_plan add column end_of_life_register boolean not null default false;
