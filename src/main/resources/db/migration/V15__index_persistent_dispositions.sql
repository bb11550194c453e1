-- The persistent dispositions an event sets and unsets (EPCIS 2.0 persistentDisposition), for the
-- query parameters EQ_persistentDisposition_set and EQ_persistentDisposition_unset. Like the other
-- index tables of the log (V6): written in the same batch as their event, never changed, no foreign
-- key. Only events that carry a persistent disposition have rows, so capture pays nothing for the
-- others. Events captured before this version have none here: their bodies keep the field, but
-- these two parameters do not find them (no installation held such events when it was added).
-- kind: set or unset; disposition: a CBV word or a URI, as EQ_disposition compares them.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

create table epcis_event_persistent_disposition (
    seq          bigint       not null,
    kind         varchar(5)   not null,
    disposition  varchar(500) not null
);
create index ix_epcis_event_persistent_disposition
    on epcis_event_persistent_disposition (disposition, seq);
