-- ACKs are remembered for a while (onetem.hl7.remember-acks-for), then pruned by age.
create index hl7_message_received_at on hl7_message (received_at);
