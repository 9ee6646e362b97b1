-- One row per linked (or to-be-linked) WhatsApp number.
create table channel (
    id                      text primary key,
    name                    text not null,
    state                   text not null,
    phone_number            text,
    -- The founding rule: nothing older than the first link of the device is imported. A reconnect keeps it.
    linked_at               timestamptz,
    last_qr                 text,
    qr_expires_at           timestamptz,
    qr_attempt              integer not null default 0,
    -- Connection epochs: +1 on every connect, carried by ChannelConnected / ChannelDisconnected.
    connection_epoch        bigint not null default 0,
    connected_at            timestamptz,
    disconnected_at         timestamptz,
    last_disconnect_code    integer,
    last_disconnect_reason  text,
    -- Messages not imported by design (history sync, or sent before linked_at).
    history_discarded       bigint not null default 0,
    last_error              text,
    -- The engine's credentials, opaque to the gateway, handed back on start so a restart needs no new QR.
    auth_state              text,
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    version                 bigint not null default 0
);

-- WhatsApp redelivers (reconnects, sender retries, decrypted copies of placeholders): a message is published once.
-- The id alone is not unique across group participants, hence the whole key.
create table inbound_message_key (
    channel_id   text not null references channel (id),
    remote_jid   text not null,
    participant  text not null default '',
    from_me      boolean not null,
    message_id   text not null,
    received_at  timestamptz not null default now(),
    primary key (channel_id, remote_jid, participant, from_me, message_id)
);
