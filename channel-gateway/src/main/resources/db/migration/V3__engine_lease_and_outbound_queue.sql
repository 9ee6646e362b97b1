-- Single runner: only the gateway instance holding the engine lease runs the WhatsApp engine (and so every channel's
-- session). Exclusion itself is a PostgreSQL session-level advisory lock held on a dedicated connection: released by
-- the server the moment that connection or its process dies. This row carries the fencing token: it grows by one at
-- every acquisition, and an instance writes engine state only while the row still holds its token.
create table engine_lease (
    name           text primary key,
    holder         text not null,
    fencing_token  bigint not null,
    acquired_at    timestamptz not null
);

-- Any instance may consume a send command and claim it (status QUEUED, with what to send); the instance that holds
-- the engine lease sends it: at once if it claimed it, or from this queue if a standby did.
alter table outbound_message add column to_jid text;
alter table outbound_message add column text text;
create index outbound_message_queued on outbound_message (claimed_at) where status = 'QUEUED';
