-- Extension field times are indexed truncated to the microsecond; time_finer marks those that had
-- digits beyond it, so that GT_ and LE_ bounds (of whole microseconds) stay exact: a time of
-- 07:00:00.9999997 is after 07:00:00.999999, though indexed at it. Rows stored before keep false
-- (their times were rounded by the database, not truncated: see the README).
alter table epcis_event_field add column time_finer boolean not null default false;
