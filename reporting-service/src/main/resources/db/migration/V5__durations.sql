-- Durations (first response, next response, resolution; calendar time and business hours) per rollup cell, so that
-- response-time reports read cells instead of a period's rows (docs: reporting-service/README.md, "Rollups").
-- Each cell keeps, per bucket of DDSketch's logarithmic mapping (relative accuracy 1 %), how many durations fell in
-- it and their exact sum: count and average are exact, and the buckets are a mergeable sketch (merging is a SUM)
-- from which a median or p90 is read within 1 % of a duration at that rank. Like rm_rollup, the ingest appends
-- signed deltas and the folder moves them into the cells.

-- index = floor(ln(seconds) / ln(gamma)), gamma = (1 + 0.01) / (1 - 0.01): LogarithmicMapping(0.01).index() of
-- sketches-java (DurationBuckets holds the same mapping; DurationBucketsTest checks that both agree). Durations
-- under a millisecond share the lowest bucket and read as 0.
create function rm_duration_bucket(seconds double precision) returns int
    language sql immutable parallel safe
    as $$ select case when seconds < 0.001 then -2147483648
                      else floor(ln(seconds) / ln(1.01::double precision / 0.99::double precision))::int end $$;

create table rm_duration_delta (
    at             timestamptz not null,
    department_id  uuid,
    agent_id       uuid,
    channel_id     text,
    -- FIRST_RESPONSE, NEXT_RESPONSE or RESOLUTION
    metric         text not null,
    -- C calendar time, B business hours (the SLA timer's elapsed time against its calendar)
    variant        char(1) not null,
    bucket         int not null,
    durations      int not null,
    seconds        numeric not null
);

-- grain, period, scope and the absent-dimension values as in rm_rollup.
create table rm_duration (
    grain          char(1) not null,
    period         date not null,
    scope          smallint not null,
    department_id  uuid not null,
    agent_id       uuid not null,
    channel_id     text not null,
    metric         text not null,
    variant        char(1) not null,
    bucket         int not null,
    durations      bigint not null,
    seconds        numeric not null,
    primary key (grain, scope, period, department_id, agent_id, channel_id, metric, variant, bucket)
);
