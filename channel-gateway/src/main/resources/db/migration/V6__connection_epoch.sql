-- Connection epochs: one row per connected interval of a channel (the same epochs as ChannelConnected /
-- ChannelDisconnected on channel.status.v1), so an operator can see downtime. An epoch still open has no
-- disconnected_at; one the gateway never saw end (it was stopped) is closed when the next one begins.
create table connection_epoch (
    id                 uuid primary key,
    channel_id         text not null references channel (id),
    epoch              bigint not null,
    connected_at       timestamptz not null,
    disconnected_at    timestamptz,
    disconnect_code    integer,
    disconnect_reason  text,
    unique (channel_id, epoch)
);
