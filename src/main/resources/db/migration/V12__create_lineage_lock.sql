-- The lineage lock (LotProjection.lockLineage, ADR 0007): one row that a capture locks before it
-- writes, alone when it changes lots already there (a receipt into one, new inputs, a correction),
-- shared when it only makes new lots from existing ones, so that no closure or ready trace is built
-- from a lot another transaction is changing. Deliveries into new lots do not take it.
create table lineage_lock (
    id  integer  primary key
);
insert into lineage_lock (id) values (1);
