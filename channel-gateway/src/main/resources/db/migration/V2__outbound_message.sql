-- The outbound log: one row per send command (channel.outbound.v1 event id). It is written, and committed, BEFORE
-- the engine is asked to send ("claim"), so a redelivered command finds it and is never sent twice. Its status moves
-- SENDING -> SENT -> DELIVERED -> READ, or to FAILED with a reason; each move is announced on channel.delivery.v1
-- in the same transaction (outbox).
create table outbound_message (
    command_id           uuid primary key,
    channel_id           text not null,
    contact_address      text not null,
    message_id           uuid,
    -- The WhatsApp message id the engine sent it under: receipts (delivered, read) find the row by it.
    external_message_id  text,
    status               text not null,
    reason               text,
    claimed_at           timestamptz not null,
    sent_at              timestamptz,
    updated_at           timestamptz not null
);
create unique index outbound_message_external on outbound_message (channel_id, external_message_id)
    where external_message_id is not null;
