-- The inbound de-dup keys are pruned by age past WhatsApp's redelivery horizon (InboundKeyRetention).
create index inbound_message_key_received_at on inbound_message_key (received_at);
