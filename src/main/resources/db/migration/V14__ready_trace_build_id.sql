-- Each stored ready trace (ADR 0007) gets an id of its own build, drawn at random whenever the row is
-- written: readers keep decoded ready traces in memory by lot and build id and read the body again
-- only when the stored build is another one (built_seq does not tell two builds apart: the start-up
-- backfill writes the log position it found, which an earlier build may have had). Rows written
-- before carry 0, which stays true of them until they are rebuilt.
alter table lot_trace add column build_id bigint not null default 0;
