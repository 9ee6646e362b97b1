create table department (
    id          uuid primary key,
    name        text not null unique,
    is_default  boolean not null default false,
    created_at  timestamptz not null default now()
);
-- Exactly one default department: where tickets go when nothing else decides.
create unique index department_one_default on department (is_default) where is_default;
insert into department (id, name, is_default) values ('00000000-0000-4000-8000-00000000d001', 'Geral', true);

create table contact (
    id            uuid primary key,
    channel_id    text not null,
    address       text not null,
    phone_number  text,
    lid           text,
    name          text,
    created_at    timestamptz not null default now(),
    unique (channel_id, address)
);

create sequence ticket_number_seq start with 1 increment by 1;

create table ticket (
    id               uuid primary key,
    number           bigint not null unique,
    channel_type     text not null,
    channel_id       text not null,
    contact_id       uuid not null references contact (id),
    contact_address  text not null,
    department_id    uuid references department (id),
    assignee_id      uuid,
    priority         text not null,
    status           text not null,
    opened_at        timestamptz not null,
    resolved_at      timestamptz,
    updated_at       timestamptz not null,
    version          bigint not null default 0
);
-- One active ticket per conversation, whatever races a redelivery or a second replica brings.
create unique index ticket_one_active_per_conversation on ticket (channel_id, contact_address)
    where status not in ('RESOLVED', 'CLOSED');
create index ticket_department_queue on ticket (department_id, status, opened_at);

create table ticket_message (
    id                   uuid primary key,
    ticket_id            uuid not null references ticket (id),
    channel_id           text not null,
    contact_address      text not null,
    external_id          text,
    direction            text not null,
    author               text not null,
    kind                 text not null,
    body                 text,
    media_ref            text,
    media_mime_type      text,
    sent_at              timestamptz,
    received_at          timestamptz not null,
    delivery_status      text
);
-- A channel message is stored once, however often it is delivered.
create unique index ticket_message_external on ticket_message (channel_id, contact_address, direction, external_id);
create index ticket_message_by_ticket on ticket_message (ticket_id, received_at);
