-- Emergency access to one person outside the caller's care relationships, until it expires;
-- listed for the privacy officer until reviewed. The reason is kept here, not in the audit trail,
-- which holds no free text.
create table break_glass (
    id           uuid primary key,
    nhs_number   text        not null,
    user_id      text        not null,
    issuer       text,
    organisation text,
    roles        text        not null,
    reason       text        not null,
    granted_at   timestamptz not null,
    expires_at   timestamptz not null,
    reviewed_at  timestamptz,
    reviewed_by  text,
    review_note  text
);
create index break_glass_active on break_glass (user_id, nhs_number, expires_at);
create index break_glass_unreviewed on break_glass (granted_at) where reviewed_at is null;
