-- What the SPA needs to triage, route and time a referral, next to its ServiceRequest JSON.
alter table referral
    add column state            text not null default 'received',
    add column source           text,
    add column category         text,
    add column priority         text,
    add column practice_ods     text,
    add column cluster          text,
    add column received_at      timestamptz,
    add column triaged_at       timestamptz,
    add column decided_at       timestamptz,
    add column first_contact_at timestamptz,
    add column breach_risk_at   timestamptz,
    add column linked_to        text references referral (id);
update referral set received_at = last_updated where received_at is null;
alter table referral alter column received_at set not null;
create index referral_open_by_person on referral (nhs_number) where state in ('received', 'triaged', 'accepted');
create index referral_state on referral (state, received_at);

-- The referrer's own identifiers (a 111 case number, a hospital's referral id): posting the same
-- referral twice returns the first. Deferred so a referral and its identifiers insert in any order.
create table referral_identifier (
    system      text not null,
    value       text not null,
    referral_id text not null references referral (id) deferrable initially deferred,
    primary key (system, value)
);

-- The city's neighbourhood clusters and which GP practice (ODS code) belongs to which: data, not
-- code, changed through the API (PUT /spa/practices/{ods}).
create table cluster (
    code text primary key,
    name text not null
);
create table practice (
    ods_code     text primary key,
    name         text,
    cluster_code text not null references cluster (code)
);

insert into cluster (code, name) values
    ('central', 'Central cluster'),
    ('east', 'East cluster'),
    ('north', 'North cluster'),
    ('west', 'West cluster'),
    ('south', 'South cluster'),
    ('itchen', 'Itchen cluster');

-- Illustrative practices, five per cluster, so that routing works out of the box; load the
-- city's real list through the API.
insert into practice (ods_code, name, cluster_code) values
    ('J82001', 'Practice J82001', 'central'), ('J82002', 'Practice J82002', 'central'),
    ('J82003', 'Practice J82003', 'central'), ('J82004', 'Practice J82004', 'central'),
    ('J82005', 'Practice J82005', 'central'),
    ('J82011', 'Practice J82011', 'east'), ('J82012', 'Practice J82012', 'east'),
    ('J82013', 'Practice J82013', 'east'), ('J82014', 'Practice J82014', 'east'),
    ('J82015', 'Practice J82015', 'east'),
    ('J82021', 'Practice J82021', 'north'), ('J82022', 'Practice J82022', 'north'),
    ('J82023', 'Practice J82023', 'north'), ('J82024', 'Practice J82024', 'north'),
    ('J82025', 'Practice J82025', 'north'),
    ('J82031', 'Practice J82031', 'west'), ('J82032', 'Practice J82032', 'west'),
    ('J82033', 'Practice J82033', 'west'), ('J82034', 'Practice J82034', 'west'),
    ('J82035', 'Practice J82035', 'west'),
    ('J82041', 'Practice J82041', 'south'), ('J82042', 'Practice J82042', 'south'),
    ('J82043', 'Practice J82043', 'south'), ('J82044', 'Practice J82044', 'south'),
    ('J82045', 'Practice J82045', 'south'),
    ('J82051', 'Practice J82051', 'itchen'), ('J82052', 'Practice J82052', 'itchen'),
    ('J82053', 'Practice J82053', 'itchen'), ('J82054', 'Practice J82054', 'itchen'),
    ('J82055', 'Practice J82055', 'itchen');
