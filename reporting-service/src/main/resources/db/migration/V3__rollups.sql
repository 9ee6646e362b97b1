-- Rollups: what the reports count, kept per local day and month so that a report's cost does not grow with the
-- tickets its period holds (docs/reporting.md, "Rollups"). The ingest transaction appends signed deltas beside the
-- read-model change that causes them (insert-only, so concurrent consumers never contend for a cell); the folder
-- moves them into the cells in one statement. A report reads cells and the not yet folded deltas in one statement,
-- so it is exact at every moment. In the cell tables an absent dimension is the all-zero uuid or '' (the keys must
-- be unique and PostgreSQL 14 has no NULLS NOT DISTINCT).

create table rm_rollup_delta (
    at             timestamptz not null,
    department_id  uuid,
    agent_id       uuid,
    channel_id     text,
    -- the SLA target of the sla_ columns (null for the other measures)
    target         text,
    created        int not null default 0,
    resolved       int not null default 0,
    messages_in    int not null default 0,
    messages_out   int not null default 0,
    -- timers started (and not cancelled) by start time; met and breached by closing time
    sla_started    int not null default 0,
    sla_met        int not null default 0,
    sla_breached   int not null default 0
);

-- grain: 'D' a local day, 'M' a local month (period is its first day). scope: which dimensions the cell keeps,
-- bit 1 department, 2 agent, 4 channel; the others are folded away. target: the SLA target of the sla_ columns, ''
-- for the cells of the other measures. Every scope is kept, so any report's grouping
-- and filters read cells of exactly one scope.
create table rm_rollup (
    grain          char(1) not null,
    period         date not null,
    scope          smallint not null,
    department_id  uuid not null,
    agent_id       uuid not null,
    channel_id     text not null,
    target         text not null,
    created        bigint not null,
    resolved       bigint not null,
    messages_in    bigint not null,
    messages_out   bigint not null,
    sla_started    bigint not null,
    sla_met        bigint not null,
    sla_breached   bigint not null,
    primary key (grain, scope, period, department_id, agent_id, channel_id, target)
);

-- Live counters for the overview: tickets per department, assignee, channel and status, now.
create table rm_live_delta (
    department_id   uuid,
    department_name text,
    assignee_id     uuid,
    channel_id      text not null,
    status          text not null,
    tickets         int not null
);

create table rm_live_count (
    department_id   uuid not null,
    department_name text,
    assignee_id     uuid not null,
    channel_id      text not null,
    status          text not null,
    tickets         bigint not null,
    primary key (department_id, assignee_id, channel_id, status)
);

-- The zone the rollups' days are cut in: when the configured zone changes they are rebuilt from the read models.
create table rm_rollup_zone (
    zone text not null
);

-- The live queries that still read rm_ticket (the oldest waiting, agents holding open tickets, the oldest per status)
-- touch only the tickets of one status, oldest first.
drop index rm_ticket_status;
create index rm_ticket_status_opened on rm_ticket (status, opened_at);
