-- Two indexes led by organisation_id alone were a trap for the statements that name a row by its
-- key and its organisation. A prepared statement's generic plan, made while the table was nearly
-- empty and never analysed (a new installation, or a server whose autovacuum is off), may choose
-- the organisation's index over the key's, and keeps the choice on that connection: every
-- execution then reads all of the organisation's rows to find one. Capture's update of a lot's
-- stock did so on some pooled connections (about 10,000 index entries per update at 200,000
-- events, half of PostgreSQL's time in capture; docs/benchmarks.md), and a capture job read by
-- its id read all of its organisation's jobs. With the key in the organisation's index as well,
-- either plan finds the row by both columns. The indexes still serve look-ups by organisation
-- (and the job list's order by id). Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

drop index ix_lot_stock_organisation;
create index ix_lot_stock_organisation on lot_stock (organisation_id, lot_id);

drop index ix_epcis_capture_job_org;
create index ix_epcis_capture_job_org on epcis_capture_job (organisation_id, id);
