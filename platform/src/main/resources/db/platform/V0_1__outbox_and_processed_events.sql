-- Shared by every service (each in its own database): the transactional outbox and the consumers' de-dup log.
create table outbox_event (
    id           uuid primary key,
    seq          bigserial not null,
    topic        text not null,
    message_key  text not null,
    event_type   text not null,
    payload      text not null,
    occurred_at  timestamptz not null,
    created_at   timestamptz not null default now()
);
create index outbox_event_seq on outbox_event (seq);

create table processed_event (
    consumer      text not null,
    event_id      uuid not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
