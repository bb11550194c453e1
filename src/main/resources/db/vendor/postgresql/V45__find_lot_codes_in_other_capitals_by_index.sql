-- A lot made through a page is refused when its organisation has a lot whose code differs only in
-- capitals (TraceQueries.CODE_IN_OTHER_CAPITALS: lower(code) = lower(?)). No index held lower(code),
-- so each such check read every lot of the platform: 36-79 ms with 220,000 lots (docs/benchmarks.md,
-- 2026-12-07), growing with the log. With this index it is a keyed look-up (0.02-0.05 ms); writing a
-- lot costs about 1.2 microseconds more. PostgreSQL only: H2 has no index on an expression, and its
-- databases are for trying Ayni out.

create index ix_lot_code_lower on lot (organisation_id, lower(code));
