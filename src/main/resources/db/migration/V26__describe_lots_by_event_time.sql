-- A lot's (or holding's) disposition and place are those its latest event by event time gave, not
-- its latest captured: an event captured late (a tablet synchronised after days offline) leaves the
-- state later events gave. The times of the events that gave them are kept beside them; for rows
-- described before, the disposition's from its event, the place's unknown (null: the next event
-- that gives one sets it).
alter table lot add column disposition_at timestamp with time zone;
alter table lot add column location_at timestamp with time zone;
alter table lot_stock add column disposition_at timestamp with time zone;
alter table lot_stock add column location_at timestamp with time zone;

update lot set disposition_at = (
    select max(e.event_time) from epcis_event e
    where e.organisation_id = lot.organisation_id and e.event_id = lot.disposition_event_id
      and not e.error_declared)
where disposition_event_id is not null;

update lot_stock set disposition_at = (
    select max(e.event_time) from epcis_event e
    where e.organisation_id = lot_stock.organisation_id
      and e.event_id = lot_stock.disposition_event_id
      and not e.error_declared)
where disposition_event_id is not null;
