-- Read models, built only from the topics. Natural keys make every insert idempotent: an event seen twice
-- counts once.
create table report_ticket (
    ticket_id      uuid primary key,
    ticket_number  bigint not null,
    channel_id     text not null,
    department_id  uuid,
    opened_at      timestamptz not null
);
create index report_ticket_opened on report_ticket (opened_at);

create table report_sla_breach (
    timer_id       uuid primary key,
    ticket_id      uuid not null,
    target         text not null,
    department_id  uuid,
    due_at         timestamptz not null
);
create index report_sla_breach_due on report_sla_breach (due_at);
