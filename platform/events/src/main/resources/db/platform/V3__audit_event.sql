-- Who accessed whose record: one row per request on a person's data (read, search, history,
-- create, update, operation, stream, measures, denied), for subject access requests and
-- investigations. It never holds clinical free text: the request's parameter names are kept,
-- not their values, and the people are their NHS numbers.
create table audit_event (
    id uuid primary key,
    recorded timestamptz not null,
    -- FHIR AuditEvent.action: C create, R read (and search), U update, E execute (an operation)
    action char(1) not null,
    -- read, vread, history, search, create, update, $operation, stream, measures
    interaction text not null,
    resource_type text,
    resource_id text,
    people text[] not null,
    -- FHIR AuditEvent.outcome: 0 success, 4 minor failure (refused, invalid), 8 serious failure
    outcome smallint not null,
    -- The answer's status; none for a change recorded in its own transaction, before the answer
    http_status int,
    agent text,
    agent_organisation text,
    agent_issuer text,
    agent_roles text,
    -- v3 ActReason: TREAT (direct care), HOPERAT (operations: measures, audit, administration)
    purpose text not null,
    source_address text,
    request_id text,
    method text not null,
    path text not null,
    query_parameters text
);
create index audit_event_people on audit_event using gin (people);
create index audit_event_agent on audit_event (agent, recorded);
create index audit_event_recorded on audit_event (recorded);

-- Append-only, whoever connects: no update, delete or truncate path, even for the service's own
-- database user. Removing rows (at the end of the retention period) is a database
-- administrator's deliberate act of dropping these triggers.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op;
end $$;
create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
