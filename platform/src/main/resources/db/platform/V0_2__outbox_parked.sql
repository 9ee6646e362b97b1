-- Outbox rows the broker refuses for good (too large for a record, an invalid topic): kept here with the reason for
-- an operator (counted as atende.outbox.parked), out of the relay's way so that the rows after them flow.
create table outbox_parked (
    id           uuid primary key,
    seq          bigint not null,
    topic        text not null,
    message_key  text not null,
    event_type   text not null,
    payload      text not null,
    occurred_at  timestamptz not null,
    created_at   timestamptz not null,
    parked_at    timestamptz not null default now(),
    reason       text not null
);
