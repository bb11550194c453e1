-- Traceability projections of the event log (ADR 0005): products, lots, stock and its movements,
-- the edges between lots and the lineage closure, receipts from members and shipments, and the
-- conversion factors mass balance uses. Everything here can be rebuilt from the event log; rows are
-- written by org.ayni.trace.internal.LotProjection in the transaction that appends the events.
-- Only lot carries foreign keys: the rows that hang off a lot are written in the same JDBC batches
-- as the lot, and a key check (and a share lock on the organisation row) per row would slow the
-- capture.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

-- What an organisation handles: a product with its unit (UN/ECE Rec 20: KGM, TNE, GRM, MTQ, H87)
-- and, when the organisation has one, its GTIN (its lots are then GS1 Digital Link URIs).
create table trace_product (
    id              uuid primary key,
    organisation_id uuid         not null references organisation (id),
    code            varchar(40)  not null,
    name            varchar(200) not null,
    kind            varchar(30)  not null,
    unit            varchar(3)   not null,
    gtin            varchar(14),
    active          boolean      not null default true,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    version         integer      not null default 0,
    constraint uq_trace_product_code unique (organisation_id, code)
);
create index ix_trace_product_gtin on trace_product (gtin);

-- A quantity of one product at one place owned by one organisation (the one whose event first named
-- it), or a serialised item or an EPC pattern named by a captured event.
create table lot (
    id               uuid primary key,
    identifier       varchar(500) not null,
    organisation_id  uuid         not null references organisation (id),
    kind             varchar(10)  not null,
    code             varchar(200),
    gtin             varchar(14),
    product_id       uuid references trace_product (id),
    unit             varchar(3),
    quantity_in      numeric(18,6) not null default 0,
    location         varchar(500),
    disposition      varchar(200),
    disposition_event_id varchar(500),
    created_event_id varchar(500) not null,
    created_seq      bigint       not null,
    created_at       timestamp with time zone not null,
    constraint uq_lot_identifier unique (identifier),
    constraint ck_lot_kind check (kind in ('LOT', 'ITEM', 'PATTERN'))
);
create index ix_lot_organisation on lot (organisation_id, created_at);
create index ix_lot_product on lot (product_id);

-- What an organisation holds of a lot: the sum of its movements. Tracked once an inflow was recorded
-- in a comparable unit; a lot first seen being consumed (its origin unknown) is not tracked.
create table lot_stock (
    lot_id          uuid          not null,
    organisation_id uuid          not null,
    quantity        numeric(18,6) not null,
    unit            varchar(3)    not null,
    tracked         boolean       not null,
    primary key (lot_id, organisation_id)
);
create index ix_lot_stock_organisation on lot_stock (organisation_id);

-- Every change of stock, signed; a correction adds the opposite movement (reversal_of), never edits.
create table stock_movement (
    id              uuid primary key,
    lot_id          uuid          not null,
    organisation_id uuid          not null,
    event_id        varchar(500)  not null,
    seq             bigint        not null,
    kind            varchar(20)   not null,
    quantity        numeric(18,6) not null,
    unit            varchar(3)    not null,
    occurred_at     timestamp with time zone not null,
    reversal_of     uuid,
    transformation_id varchar(500)
);
create index ix_stock_movement_lot on stock_movement (lot_id, seq);
create index ix_stock_movement_event on stock_movement (event_id);
create index ix_stock_movement_transformation on stock_movement (transformation_id);

-- Input lot -> output lot of a transformation, split or merge. weight is the share of the output's
-- material that comes from this input through this event (the weights of one output sum to 1); the
-- recursive-SQL baseline of a trace walks these rows.
create table lot_edge (
    id                uuid primary key,
    input_lot_id      uuid          not null,
    output_lot_id     uuid          not null,
    organisation_id   uuid          not null,
    event_id          varchar(500)  not null,
    seq               bigint        not null,
    transformation_id varchar(500),
    input_quantity    numeric(18,6),
    input_unit        varchar(3),
    output_quantity   numeric(18,6),
    output_unit       varchar(3),
    weight            double precision not null
);
create index ix_lot_edge_output on lot_edge (output_lot_id, input_lot_id);
create index ix_lot_edge_input on lot_edge (input_lot_id, output_lot_id);
create index ix_lot_edge_event on lot_edge (event_id);

-- The closure of lot_edge: every ancestor of a lot with the share of the lot's material that comes
-- from it and the shortest number of steps to it. A backward trace is one range read by lot_id, a
-- forward trace one by ancestor_id.
create table lot_lineage (
    lot_id      uuid             not null,
    ancestor_id uuid             not null,
    share       double precision not null,
    depth       integer          not null,
    primary key (lot_id, ancestor_id)
);
create index ix_lot_lineage_ancestor on lot_lineage (ancestor_id, lot_id);

-- Where a lot came from when an event created it: a member's delivery (member and production unit,
-- as they were named at the time) or another party.
create table lot_receipt (
    id                     uuid primary key,
    lot_id                 uuid          not null,
    organisation_id        uuid          not null,
    event_id               varchar(500)  not null,
    seq                    bigint        not null,
    source_party           varchar(500),
    member_id              uuid,
    member_code            varchar(40),
    member_name            varchar(250),
    production_unit_id     uuid,
    production_unit_code   varchar(40),
    production_unit_name   varchar(200),
    location_party         varchar(500),
    quantity               numeric(18,6),
    unit                   varchar(3),
    received_at            timestamp with time zone not null,
    voided                 boolean       not null default false
);
create index ix_lot_receipt_lot on lot_receipt (lot_id);
create index ix_lot_receipt_member on lot_receipt (member_id);
create index ix_lot_receipt_event on lot_receipt (event_id);

-- A lot leaving an organisation; destination_organisation_id when the destination is an
-- organisation on the platform, which may then name the lot (received_seq once it received it).
create table lot_shipment (
    id                          uuid primary key,
    lot_id                      uuid          not null,
    organisation_id             uuid          not null,
    event_id                    varchar(500)  not null,
    seq                         bigint        not null,
    destination_party           varchar(500),
    destination_organisation_id uuid,
    destination_name            varchar(250),
    reference                   varchar(500),
    quantity                    numeric(18,6),
    unit                        varchar(3),
    shipped_at                  timestamp with time zone not null,
    received_seq                bigint,
    voided                      boolean       not null default false
);
create index ix_lot_shipment_lot on lot_shipment (lot_id);
create index ix_lot_shipment_destination on lot_shipment (destination_organisation_id, lot_id);
create index ix_lot_shipment_event on lot_shipment (event_id);

-- Events declared erroneous (EPCIS errorDeclaration) whose effects the projection has undone.
create table lot_event_void (
    event_id        varchar(500) not null,
    organisation_id uuid         not null,
    seq             bigint       not null,
    reason          varchar(500),
    declared_at     timestamp with time zone not null,
    primary key (organisation_id, event_id)
);

-- The most a step may yield of a product (output per unit of input): per organisation and product,
-- or platform defaults per kind of product seeded from reference data. The newest row of the most
-- specific match applies; rows are never updated.
create table conversion_factor (
    id              uuid primary key,
    organisation_id uuid references organisation (id),
    product_id      uuid references trace_product (id),
    product_kind    varchar(30),
    step            varchar(200),
    max_yield       numeric(12,6) not null,
    input_unit      varchar(3),
    output_unit     varchar(3),
    reference_key   varchar(80),
    verification    varchar(1)    not null,
    source          varchar(1000) not null,
    note            varchar(1000),
    recorded_at     timestamp with time zone not null,
    recorded_by     varchar(100)  not null,
    constraint ck_conversion_factor_verification check (verification in ('V', 'P', 'U')),
    constraint ck_conversion_factor_target check (product_id is not null or product_kind is not null)
);
create index ix_conversion_factor_org on conversion_factor (organisation_id, product_id);

-- Platform defaults from reference data (rules.md §8), with their source and verification.
insert into conversion_factor (id, organisation_id, product_id, product_kind, step, max_yield, input_unit,
                               output_unit, reference_key, verification, source, note, recorded_at, recorded_by)
select cast('01900000-0000-7000-8000-000000000701' as uuid), null, null, 'CACAO_DRY',
       'https://ayni.org/voc/bizstep/drying', numeric_value, 'KGM', 'KGM', value_key, verification, source, note,
       timestamp with time zone '2026-11-28 00:00:00+00', 'reference'
from reference_value where value_key = 'cacao.wet-to-dry-factor' and valid_from = date '2000-01-01';

insert into conversion_factor (id, organisation_id, product_id, product_kind, step, max_yield, input_unit,
                               output_unit, reference_key, verification, source, note, recorded_at, recorded_by)
select cast('01900000-0000-7000-8000-000000000702' as uuid), null, null, 'PHYSALIS_DRIED',
       'https://ayni.org/voc/bizstep/drying', numeric_value, 'KGM', 'KGM', value_key, verification, source, note,
       timestamp with time zone '2026-11-28 00:00:00+00', 'reference'
from reference_value where value_key = 'physalis.fresh-to-dried-factor' and valid_from = date '2000-01-01';

insert into conversion_factor (id, organisation_id, product_id, product_kind, step, max_yield, input_unit,
                               output_unit, reference_key, verification, source, note, recorded_at, recorded_by)
select cast('01900000-0000-7000-8000-000000000703' as uuid), null, null, 'TIMBER_SAWN',
       'https://ayni.org/voc/bizstep/sawing', numeric_value, 'MTQ', 'MTQ', value_key, verification, source, note,
       timestamp with time zone '2026-11-28 00:00:00+00', 'reference'
from reference_value where value_key = 'timber.sawn-yield' and valid_from = date '2024-05-01';
