-- Departments decide how their queue is served: MANUAL (agents accept), ROUND_ROBIN or LEAST_OPEN (automatic).
alter table department add column assignment_mode text not null default 'MANUAL';

-- Users (agents, supervisors, admins). A bearer token is matched to a user by its name (upn, else sub).
create table app_user (
    id                uuid primary key,
    username          text not null unique,
    display_name      text not null,
    role              text not null,
    availability      text not null default 'OFFLINE',
    capacity          integer not null default 5,
    last_assigned_at  timestamptz,
    created_at        timestamptz not null default now()
);

create table user_department (
    id             uuid primary key,
    user_id        uuid not null references app_user (id) on delete cascade,
    department_id  uuid not null references department (id),
    unique (user_id, department_id)
);
create index user_department_by_department on user_department (department_id);

-- Channel settings owned by ticketing: which departments a channel serves (menu order), its default department,
-- the menu texts (null = the Brazilian Portuguese defaults from the configuration).
create table channel_settings (
    channel_id              text primary key,
    default_department_id   uuid not null references department (id),
    greeting                text,
    invalid_option          text,
    max_invalid_answers     integer,
    updated_at              timestamptz not null default now()
);

create table channel_department (
    id             uuid primary key,
    channel_id     text not null references channel_settings (channel_id) on delete cascade,
    department_id  uuid not null references department (id),
    position       integer not null,
    unique (channel_id, department_id),
    unique (channel_id, position)
);

-- The bot menu's state on a ticket IN_MENU.
alter table ticket add column menu_attempts integer not null default 0;
alter table ticket add column menu_deadline timestamptz;
create index ticket_menu_deadline on ticket (menu_deadline) where status = 'IN_MENU';
create index ticket_by_assignee on ticket (assignee_id, status) where assignee_id is not null;
create index ticket_resolved_by_conversation on ticket (channel_id, contact_address, resolved_at) where status = 'RESOLVED';

-- Outbound entries (agent replies, bot prompts) carry the send command's id: delivery receipts find them by it.
alter table ticket_message add column command_id uuid;
alter table ticket_message add column author_user_id uuid;
alter table ticket_message add column delivery_updated_at timestamptz;
create unique index ticket_message_command on ticket_message (command_id);

-- Audit trail of transfers: who, when, why.
create table ticket_transfer (
    id                  uuid primary key,
    ticket_id           uuid not null references ticket (id),
    from_department_id  uuid,
    to_department_id    uuid,
    from_assignee_id    uuid,
    to_assignee_id      uuid,
    by_user_id          uuid,
    by_username         text not null,
    reason              text not null,
    transferred_at      timestamptz not null
);
create index ticket_transfer_by_ticket on ticket_transfer (ticket_id, transferred_at);
