-- One row per SLA target of a ticket's cycle (a reopen starts a new cycle). The due time is stored so that a
-- restarted or second replica finds every timer where the first left it.
create table sla_timer (
    id              uuid primary key,
    ticket_id       uuid not null,
    ticket_number   bigint not null,
    cycle           int not null default 1,
    target          text not null,
    department_id   uuid,
    assignee_id     uuid,
    priority        text not null,
    channel_id      text,
    target_seconds  bigint not null,
    warn_percent    int not null,
    business_hours  boolean not null default false,
    started_at      timestamptz not null,
    warn_at         timestamptz not null,
    due_at          timestamptz not null,
    state           text not null,
    warned          boolean not null default false,
    breached        boolean not null default false,
    stopped_at      timestamptz,
    unique (ticket_id, target, cycle)
);
-- What the scheduler scans: running timers by the next moment something is due.
create index sla_timer_due on sla_timer (due_at) where state = 'RUNNING' and not breached;
create index sla_timer_warn on sla_timer (warn_at) where state = 'RUNNING' and not warned;
