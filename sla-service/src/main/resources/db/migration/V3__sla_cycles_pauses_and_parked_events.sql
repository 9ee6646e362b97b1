-- Several timers of one target per cycle: next response starts again after every answered round, and a
-- re-targeted timer is replaced by a new one. (ticket, target, cycle, round) is the natural key.
alter table sla_timer drop constraint sla_timer_ticket_id_target_cycle_key;
alter table sla_timer add column round int not null default 1;
alter table sla_timer add constraint sla_timer_natural_key unique (ticket_id, target, cycle, round);
-- The policy and calendar the timer runs under (null: the configured fallback / calendar time).
alter table sla_timer add column policy_id uuid;
alter table sla_timer add column calendar_id uuid;
-- Time counted (business time where the calendar says so) before the current running segment began; a pause
-- closes a segment, a resume or a re-target opens one. Elapsed = counted + calendar time since segment start.
alter table sla_timer add column counted_millis bigint not null default 0;
alter table sla_timer add column segment_started_at timestamptz;
update sla_timer set segment_started_at = started_at;
alter table sla_timer alter column segment_started_at set not null;
alter table sla_timer add column paused_at timestamptz;
-- The at-risk list: running timers of a department by due time.
create index sla_timer_department_due on sla_timer (department_id, due_at) where state = 'RUNNING';

-- What sla-service knows of each ticket: its current cycle (a reopen starts a new one) and dimensions.
create table sla_ticket (
    ticket_id          uuid primary key,
    ticket_number      bigint not null,
    cycle              int not null,
    cycle_started_at   timestamptz not null,
    department_id      uuid,
    assignee_id        uuid,
    priority           text not null,
    channel_id         text,
    policy_id          uuid,
    replied_in_cycle   boolean not null default false,
    waiting_on_customer boolean not null default false,
    status             text not null
);

-- Ticket events that arrived before the ticket's TicketOpened: replayed, in order of occurrence, when it arrives.
create table sla_parked_event (
    event_id     uuid primary key,
    ticket_id    uuid not null,
    occurred_at  timestamptz not null,
    payload      text not null,
    parked_at    timestamptz not null default now()
);
create index sla_parked_event_ticket on sla_parked_event (ticket_id, occurred_at);
