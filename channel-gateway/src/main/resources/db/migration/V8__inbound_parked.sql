-- A message from WhatsApp that could not be stored for a reason a retry does not change (not an outage): kept
-- whole (the engine's event as JSON bytes, whatever characters it holds, and its media) with the reason, for an
-- operator, instead of being lost after WhatsApp counted it delivered. Counted as atende.gateway.inbound.parked.
create table inbound_parked (
    id          uuid primary key,
    channel_id  text not null,
    external_id text,
    event       bytea not null,
    media       bytea,
    reason      text not null,
    parked_at   timestamptz not null default now()
);
create index inbound_parked_channel on inbound_parked (channel_id, parked_at);
