-- The event log is append-only (ADR 0005), as PostgreSQL's V44 says: the trigger refuses deleting
-- an event and changing what it is, who recorded it, when it was recorded or its body.
create trigger tg_epcis_event_append_only before update, delete on epcis_event
  for each row call 'org.ayni.trace.internal.AppendOnlyEvents';
