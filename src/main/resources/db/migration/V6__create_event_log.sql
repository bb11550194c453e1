-- The append-only event log (ADR 0005): one row per captured EPCIS 2.0 event with the columns
-- queries filter on, index tables for its identifiers, quantities, parties, business transactions
-- and corrective events, and the capture jobs of POST /epcis/capture. Rows are only ever added;
-- a correction is a new event carrying an error declaration. Written by org.ayni.trace.internal.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

-- The log position; values are taken in blocks by the appender, so that one capture's events get
-- increasing numbers without a round trip per event.
create sequence epcis_event_seq start with 1 increment by 1;

create table epcis_event (
    seq                     bigint        primary key,
    organisation_id         uuid          not null references organisation (id),
    event_id                varchar(500)  not null,
    -- an error declaration carries the eventID of the event it declares erroneous
    error_declared          boolean       not null,
    event_type              varchar(300)  not null,
    action                  varchar(10),
    event_time              timestamp with time zone not null,
    event_time_zone_offset  varchar(6)    not null,
    record_time             timestamp with time zone not null,
    biz_step                varchar(500),
    disposition             varchar(500),
    read_point              varchar(500),
    biz_location            varchar(500),
    transformation_id       varchar(500),
    parent_id               varchar(500),
    declaration_time        timestamp with time zone,
    error_reason            varchar(500),
    capture_id              uuid,
    -- the event's EPCIS 2.0 JSON-LD as queries return it (recordTime is added on the way out);
    -- text, not jsonb, so that H2 runs the same schema; queries never look into it
    body                    varchar(1000000) not null,
    constraint uq_epcis_event unique (organisation_id, event_id, error_declared)
);
-- Few indexes, since every one costs on capture: an organisation's log in order, an eventID in any
-- organisation (a platform administrator's look-up), time ranges. Other filters narrow these.
create index ix_epcis_event_org on epcis_event (organisation_id, seq);
create index ix_epcis_event_id on epcis_event (event_id);
create index ix_epcis_event_time on epcis_event (event_time);

-- The identifiers an event names. role: epc (epcList, childEPCs), parent (parentID), input, output.
-- No foreign key to epcis_event: the rows are written in the same batch as their event and never
-- changed, and a key check per row would slow the capture.
create table epcis_event_epc (
    seq     bigint       not null,
    role    varchar(6)   not null,
    epc     varchar(500) not null
);
create index ix_epcis_event_epc on epcis_event_epc (epc, seq);

-- The quantities of classes (lots) an event names. role: quantity (quantityList, childQuantityList),
-- input, output.
create table epcis_event_quantity (
    seq        bigint        not null,
    role       varchar(8)    not null,
    epc_class  varchar(500)  not null,
    quantity   numeric(24,6),
    uom        varchar(3)
);
create index ix_epcis_event_quantity on epcis_event_quantity (epc_class, seq);

-- Sources and destinations. kind: source or destination; party_type as a CBV word or a URI.
create table epcis_event_party (
    seq         bigint       not null,
    kind        varchar(11)  not null,
    party_type  varchar(500) not null,
    party_id    varchar(500) not null
);
create index ix_epcis_event_party on epcis_event_party (party_id, seq);

-- Business transactions; biz_type is null when the event gives none.
create table epcis_event_biz_transaction (
    seq              bigint       not null,
    biz_type         varchar(500),
    biz_transaction  varchar(500) not null
);
create index ix_epcis_event_biz_transaction on epcis_event_biz_transaction (biz_transaction, seq);

-- The corrective events an error declaration names.
create table epcis_event_corrective (
    seq                  bigint       not null,
    corrective_event_id  varchar(500) not null
);
create index ix_epcis_event_corrective on epcis_event_corrective (corrective_event_id, seq);

-- A capture job (POST /epcis/capture). Written in its own transaction before the events are, so it
-- outlives a failed or killed capture; jobs still running when the application starts are marked
-- failed (their events were never committed).
create table epcis_capture_job (
    id               uuid          primary key,
    organisation_id  uuid          not null references organisation (id),
    created_by       varchar(100)  not null,
    created_at       timestamp with time zone not null,
    finished_at      timestamp with time zone,
    running          boolean       not null,
    success          boolean       not null,
    error_behaviour  varchar(10)   not null,
    event_count      integer       not null,
    stored_count     integer       not null default 0,
    duplicate_count  integer       not null default 0,
    -- the language of the request, in which the errors are written
    language         varchar(10)   not null,
    -- the errors as a JSON array of RFC 9457 problems
    errors           varchar(1000000)
);
create index ix_epcis_capture_job_org on epcis_capture_job (organisation_id, created_at);
