-- Events an organisation may read in the EPCIS interface besides its own: a shipment to it (an
-- organisation on the platform) and the shipper's declarations of that shipment. The lot
-- projection writes a row with each such event; EPCIS queries read an organisation's rows here
-- first and take those events beside its own (EventStore). Rows are only inserted.
create table epcis_event_share (
    organisation_id uuid   not null,
    seq             bigint not null,
    primary key (organisation_id, seq)
);

-- Shipments recorded before, and their declarations (each insert leaves rows there alone, so
-- that its test can run it again).
insert into epcis_event_share (organisation_id, seq)
select distinct s.destination_organisation_id, s.seq
from lot_shipment s
where s.destination_organisation_id is not null
  and s.destination_organisation_id <> s.organisation_id
  and not exists (select 1 from epcis_event_share x
                  where x.organisation_id = s.destination_organisation_id and x.seq = s.seq);

insert into epcis_event_share (organisation_id, seq)
select distinct s.destination_organisation_id, d.seq
from lot_shipment s
join epcis_event d on d.event_id = s.event_id
                  and d.organisation_id = s.organisation_id
                  and d.error_declared
where s.destination_organisation_id is not null
  and s.destination_organisation_id <> s.organisation_id
  and not exists (select 1 from epcis_event_share x
                  where x.organisation_id = s.destination_organisation_id and x.seq = d.seq);
