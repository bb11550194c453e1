-- The projection's rows (stock movements, edges, receipts, shipments) were indexed by the event id
-- that wrote them, and epcis_event had two indexes on its event id. Event ids are mostly CBV 2.0
-- hashes (ni:///sha-256;…, ~85 characters, random): every insert into such an index lands on a
-- random leaf page, which at a million events no longer fits in memory. The only readers of those
-- indexes (undoing an event declared erroneous) now find the event's sequence number first and
-- the rows by it; sequence numbers grow, so their index entries are appended. epcis_event keeps
-- one index on event_id, the unique one, with event_id first so that look-ups by event id alone
-- (EQ_eventID, duplicates on capture) use it. See docs/benchmarks.md for what it changed.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

alter table epcis_event drop constraint uq_epcis_event;
alter table epcis_event add constraint uq_epcis_event unique (event_id, organisation_id, error_declared);
drop index ix_epcis_event_id;

drop index ix_stock_movement_event;
create index ix_stock_movement_seq on stock_movement (seq);

drop index ix_lot_edge_event;
create index ix_lot_edge_seq on lot_edge (seq);

drop index ix_lot_receipt_event;
create index ix_lot_receipt_seq on lot_receipt (seq);

drop index ix_lot_shipment_event;
create index ix_lot_shipment_seq on lot_shipment (seq);
