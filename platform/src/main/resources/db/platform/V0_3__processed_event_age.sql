-- The de-dup log is pruned by age past the redelivery horizon (ProcessedEventRetention).
create index processed_event_processed_at on processed_event (processed_at);
