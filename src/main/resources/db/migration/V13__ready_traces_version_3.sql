-- Ready traces (ADR 0007) are stored in version 3 of org.ayni.trace.internal.ReadyTraceCodec (new
-- strings front-coded per column, event ids as bytes, shares and quantities that equal the likely
-- one as a byte). Those of version 2 are removed: lots are traced from the closure until the
-- start-up backfill (ReadyTraceBackfill) has built them again.
delete from lot_trace;
