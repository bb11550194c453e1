-- The event log is append-only (ADR 0005): nothing deletes an event or changes what it is, who
-- recorded it, when it was recorded or its body; a correction is a new event (an error
-- declaration). The application never does either; this makes the database refuse it too, from
-- any client. The columns queries filter on, derived from the body, may be indexed anew by a
-- migration (as V34 did). H2 has the same rule in org.ayni.trace.internal.AppendOnlyEvents
-- (db/vendor/h2); PostgreSQL refuses TRUNCATE as well.
create function ayni_event_log_append_only() returns trigger language plpgsql as $$
begin
  -- an update that writes the kept columns as they are changes nothing (as on H2)
  if tg_op = 'UPDATE'
     and row(new.seq, new.organisation_id, new.event_id, new.error_declared, new.record_time, new.body)
         is not distinct from
         row(old.seq, old.organisation_id, old.event_id, old.error_declared, old.record_time, old.body) then
    return new;
  end if;
  raise exception 'the event log is append-only: % of an event is refused (correct an event by declaring it erroneous)', tg_op
    using errcode = '55000';
end
$$;

create trigger tg_epcis_event_append_only
  before delete or update of seq, organisation_id, event_id, error_declared, record_time, body
  on epcis_event for each row execute function ayni_event_log_append_only();

create trigger tg_epcis_event_not_truncated
  before truncate on epcis_event for each statement execute function ayni_event_log_append_only();
