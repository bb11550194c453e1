-- Ready traces (V9, ADR 0007) are large values (an export lot's is about 370 kB, a chocolate
-- batch's 1.5 MB) that PostgreSQL compresses out of line. With its default method, pglz, writing
-- the 1,465 ready traces of 1,000,000 events took 31.6 s against 10.1 s with lz4, at a similar size
-- (533 MB against 564 MB), and reading an export lot's 0.9-1.5 ms against 0.3-0.4 ms (2026-12-02,
-- docs/benchmarks.md). lz4 needs a PostgreSQL built with it, as the PGDG, Debian and Docker
-- packages of 14 and later are. PostgreSQL only (Flyway location db/vendor/{vendor}).

alter table lot_trace alter column body set compression lz4;
