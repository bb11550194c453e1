-- The events of a transformation recorded in several (one transformationID) are read when another
-- of its events is captured: its parts named without a quantity have no stock movement, and are
-- found in the log's index of quantities by their events (LotStore.parts). Partial: most events
-- have no transformationID and cost it nothing. It also serves EPCIS queries by EQ_transformationID.
-- H2's V48 is the same index whole (H2 has no partial index).
create index ix_epcis_event_transformation on epcis_event (organisation_id, transformation_id)
  where transformation_id is not null;
