-- The events of a transformation recorded in several (one transformationID), read when another of
-- its events is captured (LotStore.parts), as PostgreSQL's V48 says; whole here, as H2 has no
-- partial index.
create index ix_epcis_event_transformation on epcis_event (organisation_id, transformation_id);

-- Their parts named without a quantity, found by their events (PostgreSQL's is partial: only such
-- parts).
create index ix_epcis_event_quantity_unmeasured on epcis_event_quantity (seq);
