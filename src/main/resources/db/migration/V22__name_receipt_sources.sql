-- The name of a receipt's source party when it is not a member: an organisation on the platform,
-- or a supplier outside it as the receipt named it (extension ayni:sourceName of the event).
-- Receipts from organisations on the platform get their organisation's name now; those from
-- suppliers outside it were not named before. Runs unchanged on H2 (MODE=PostgreSQL) and
-- PostgreSQL 15+.
alter table lot_receipt add column source_name varchar(250);

update lot_receipt
set source_name = (select o.name from organisation o
                   where 'urn:ayni:org:' || o.code = lot_receipt.source_party)
where member_id is null and source_party like 'urn:ayni:org:%';

-- Ready traces are stored in version 4 of org.ayni.trace.internal.ReadyTraceCodec (with the
-- source name): those of version 3 are removed, and lots are traced from the closure until the
-- start-up backfill (ReadyTraceBackfill) has built them again.
delete from lot_trace;
