-- A rebuild (POST /admin/read-models/rebuild) empties the read models and records every partition of the replayed
-- topics under a new generation; whichever replica holds a partition rewinds it to the start and marks it here, so
-- no partition is left un-replayed however many replicas there are and however the partitions move between them.
create table rm_rebuild_partition (
    generation    bigint not null,
    topic         text not null,
    partition     int not null,
    requested_at  timestamptz not null default now(),
    rewound_at    timestamptz,
    primary key (generation, topic, partition)
);
