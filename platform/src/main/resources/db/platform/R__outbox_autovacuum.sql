-- The outbox is a queue: every row is inserted, relayed within a second and deleted, thousands a second under load.
-- Vacuum it after a fixed number of dead rows instead of a fraction of a table that is nearly always empty, and
-- without the cost-based pauses, so that its dead rows never pile up between vacuums. (Repeatable: re-applied when
-- changed; the settings are idempotent.)
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0);
