-- One row per organisation that every append of its events locks before it reads which of their
-- eventIDs are stored (JdbcEventLog.appendEntries): shared by appends of events (PostgreSQL; H2
-- knows only the exclusive lock), alone by one that declares an event erroneous. An event and its
-- error declaration sent at the same moment used to be stored side by side, neither seeing the
-- other, and the declaration undid nothing (QA of 2026-12-07m, F2). Rows are made on first use.
create table event_id_lock (
    organisation_id  uuid  primary key
);
