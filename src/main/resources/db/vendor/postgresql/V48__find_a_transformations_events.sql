-- The events of a transformation recorded in several (one transformationID) are read when another
-- of its events is captured: its parts named without a quantity have no stock movement, and are
-- found in the log's index of quantities by their events (LotStore.parts). Partial: most events
-- have no transformationID and cost it nothing. It also serves EPCIS queries by EQ_transformationID.
-- H2's V48 is the same index whole (H2 has no partial index).
create index ix_epcis_event_transformation on epcis_event (organisation_id, transformation_id)
  where transformation_id is not null;

-- Their parts named without a quantity, found by their events (without it the read scanned every
-- quantity of the log: 75 ms at 600,000 rows, review of 2026-12-07p, 4). Partial: only such parts.
create index ix_epcis_event_quantity_unmeasured on epcis_event_quantity (seq)
  where quantity is null;
