-- Ready traces (ADR 0007): for a lot with many ancestors, the rows of its backward trace (every
-- upstream lot with its share and depth, and their receipts, not voided), unscoped and in trace
-- order, so that a trace reads one row instead of joining a thousand. Kept by the capture in the
-- transaction that changes what they hold: rebuilt for a lot whose lineage, receipts or quantity
-- change and for every lot downstream of it. A lot without a row is traced from the closure.
-- body: the encoding of org.ayni.trace.internal.ReadyTraceCodec (version byte first).
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

create table lot_trace (
    lot_id          uuid     primary key references lot (id),
    -- the number of upstream lots (a ready trace is kept from a configurable number on)
    ancestor_count  integer  not null,
    -- the log position of the event whose capture built it
    built_seq       bigint   not null,
    body            bytea    not null
);
