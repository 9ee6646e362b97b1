-- The full read models. They replace the skeleton's two tables; everything here is rebuilt by replaying the topics
-- (POST /admin/read-models/rebuild), so no data migration is needed.
drop table report_ticket;
drop table report_sla_breach;

-- The current state of each ticket, plus what the response metrics need to remember between events.
create table rm_ticket (
    ticket_id              uuid primary key,
    ticket_number          bigint not null,
    channel_id             text not null,
    department_id          uuid,
    department_name        text,
    assignee_id            uuid,
    priority               text not null,
    status                 text not null,
    opened_at              timestamptz not null,
    resolved_at            timestamptz,
    cycle                  int not null default 1,
    cycle_opened_at        timestamptz not null,
    -- the first customer message not yet answered by a human (null: nothing is owed)
    awaiting_since         timestamptz,
    -- true until the cycle's first human reply: the next response measured is a FIRST response
    first_response_pending boolean not null default true,
    transfers              int not null default 0,
    updated_at             timestamptz not null
);
create index rm_ticket_opened on rm_ticket (opened_at);
create index rm_ticket_status on rm_ticket (status, department_id);

-- One row per measured response: FIRST (first human reply of a cycle) or NEXT.
create table rm_response (
    event_id       uuid primary key,
    ticket_id      uuid not null,
    kind           text not null,
    department_id  uuid,
    agent_id       uuid,
    channel_id     text not null,
    awaited_from   timestamptz not null,
    responded_at   timestamptz not null,
    seconds        double precision not null
);
create index rm_response_at on rm_response (responded_at);

-- One row per resolution of a ticket cycle.
create table rm_resolution (
    event_id       uuid primary key,
    ticket_id      uuid not null,
    department_id  uuid,
    agent_id       uuid,
    channel_id     text not null,
    opened_at      timestamptz not null,
    resolved_at    timestamptz not null,
    seconds        double precision not null
);
create index rm_resolution_at on rm_resolution (resolved_at);

-- Every message of a conversation, for volume per channel.
create table rm_message (
    event_id       uuid primary key,
    ticket_id      uuid not null,
    channel_id     text not null,
    department_id  uuid,
    direction      text not null,
    author         text not null,
    occurred_at    timestamptz not null
);
create index rm_message_at on rm_message (occurred_at);

-- One row per SLA timer with its outcome. closed_at: the due time for a breach, the met time for a met target.
create table rm_sla (
    timer_id        uuid primary key,
    ticket_id       uuid not null,
    target          text not null,
    department_id   uuid,
    agent_id        uuid,
    channel_id      text,
    business_hours  boolean not null,
    started_at      timestamptz not null,
    due_at          timestamptz,
    outcome         text not null,
    elapsed_seconds bigint,
    closed_at       timestamptz
);
create index rm_sla_closed on rm_sla (closed_at);

-- Connection epochs: each outage runs from a disconnection to the next connection.
create table rm_channel_outage (
    channel_id  text not null,
    epoch       bigint not null,
    down_at     timestamptz not null,
    up_at       timestamptz,
    reason      text,
    primary key (channel_id, epoch)
);

create table rm_history_discarded (
    event_id     uuid primary key,
    channel_id   text not null,
    occurred_at  timestamptz not null,
    count        bigint not null
);
