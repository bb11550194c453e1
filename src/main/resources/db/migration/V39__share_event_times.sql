-- The times of a shared event beside its share, so that a receiver's shared events are read in
-- time order from an index, a page at a time, rather than all of them sorted (ADR 0015): written
-- with each share from the event's row (LotStore), taken here for the shares made before.
alter table epcis_event_share add column event_time timestamp with time zone;
alter table epcis_event_share add column record_time timestamp with time zone;

update epcis_event_share sh
set event_time = (select e.event_time from epcis_event e where e.seq = sh.seq),
    record_time = (select e.record_time from epcis_event e where e.seq = sh.seq);

alter table epcis_event_share alter column event_time set not null;
alter table epcis_event_share alter column record_time set not null;

create index ix_epcis_event_share_event_time on epcis_event_share (organisation_id, event_time, seq);
create index ix_epcis_event_share_record_time on epcis_event_share (organisation_id, record_time, seq);
