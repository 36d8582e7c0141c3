-- Who each person's CareTeams name (a user as https://onetem.city/Id/user|<sub>, a cluster team as
-- https://onetem.city/Id/cluster|<code>), heard from relationships.v1: the services that are not
-- care-plans let them see the person's records as care-plans does.
create table care_team_member (
    id          bigserial primary key,
    nhs_number  text not null,
    member      text not null
);
create index care_team_member_person on care_team_member (nhs_number);
create index care_team_member_member on care_team_member (member);
