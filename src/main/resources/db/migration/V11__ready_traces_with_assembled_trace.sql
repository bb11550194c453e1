-- Ready traces (ADR 0007) now also hold the trace as a reader who sees all of it gets it (version 2
-- of org.ayni.trace.internal.ReadyTraceCodec). Those of version 1 are removed: lots are traced from
-- the closure until the start-up backfill (ReadyTraceBackfill) has built them again.
delete from lot_trace;
