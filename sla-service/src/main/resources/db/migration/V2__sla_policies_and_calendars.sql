-- Business-hours calendars: weekly open intervals (several a day) and holidays, in a time zone.
create table sla_calendar (
    id          uuid primary key,
    name        text not null unique,
    time_zone   text not null,
    -- JSON: [{"day":"MONDAY","start":"08:00","end":"12:00"}, ...] and ["2026-12-25", ...]
    intervals   text not null,
    holidays    text not null,
    updated_at  timestamptz not null default now()
);

-- SLA policies per department and priority. A null department or priority matches any; the most specific policy
-- wins (department and priority, then department, then priority, then the default with both null). Without any
-- policy the configured default (atende.sla.*) applies.
create table sla_policy (
    id                      uuid primary key,
    department_id           uuid,
    priority                text,
    first_response_seconds  bigint not null check (first_response_seconds > 0),
    next_response_seconds   bigint not null check (next_response_seconds > 0),
    resolution_seconds      bigint not null check (resolution_seconds > 0),
    warning_percent         int not null check (warning_percent between 1 and 99),
    calendar_id             uuid references sla_calendar (id),
    updated_at              timestamptz not null default now()
);
create unique index sla_policy_scope on sla_policy (
    coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(priority, ''));
