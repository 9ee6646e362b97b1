-- Inbound media content, kept by the gateway and served back at /channels/{channel}/media/{id}: Kafka carries only
-- this reference (MediaRef), never the bytes. Written in the same transaction as the inbound record that refers to it.
create table media (
    id           uuid primary key,
    channel_id   text not null references channel (id),
    message_id   text not null,
    mime_type    text,
    file_name    text,
    size_bytes   bigint not null,
    content      bytea not null,
    created_at   timestamptz not null
);
create index media_channel on media (channel_id, created_at);
