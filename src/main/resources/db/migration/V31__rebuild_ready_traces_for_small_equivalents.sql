-- Equivalent quantities keep four significant digits below 1 (up to the 6 decimals quantities
-- have) instead of 3 decimals: 0.4 g of gold in tonnes was 0 t. Ready traces (ADR 0007) store
-- them: they are removed, lots are traced from the closure until the start-up backfill
-- (ReadyTraceBackfill) has built them again.
delete from lot_trace;
