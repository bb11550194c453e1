-- Registry: organisations, members, production units (with versions) and certificates.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

create table organisation (
    id              uuid primary key,
    parent_id       uuid references organisation (id),
    kind            varchar(40)  not null,
    code            varchar(40)  not null,
    name            varchar(200) not null,
    short_name      varchar(60),
    country         varchar(2)   not null,
    region          varchar(120),
    legal_id        varchar(40),
    contact_name    varchar(200),
    contact_email   varchar(200),
    contact_phone   varchar(60),
    address         varchar(400),
    website         varchar(300),
    languages       varchar(100) not null,
    founded_year    integer,
    active          boolean      not null default true,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    version         integer      not null default 0,
    constraint uq_organisation_code unique (code)
);
create index ix_organisation_parent on organisation (parent_id);

create table member (
    id                  uuid primary key,
    organisation_id     uuid         not null references organisation (id),
    member_code         varchar(40)  not null,
    kind                varchar(20)  not null,
    given_names         varchar(120) not null,
    family_names        varchar(120),
    gender              varchar(20)  not null,
    birth_date          date,
    age_band            varchar(20),
    national_id         varchar(30),
    community           varchar(120),
    household_size      integer,
    join_date           date         not null,
    status              varchar(20)  not null,
    phone               varchar(60),
    consent_data_use    boolean      not null default false,
    consent_date        date,
    consent_method      varchar(30),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             integer      not null default 0,
    constraint uq_member_code unique (organisation_id, member_code)
);
create index ix_member_org_name on member (organisation_id, family_names, given_names);

create table member_status_change (
    id              uuid primary key,
    organisation_id uuid        not null references organisation (id),
    member_id       uuid        not null references member (id),
    status          varchar(20) not null,
    effective_on    date        not null,
    reason          varchar(400),
    recorded_at     timestamp with time zone not null,
    recorded_by     varchar(100) not null
);
create index ix_member_status_member on member_status_change (member_id, recorded_at);

create table production_unit (
    id                  uuid primary key,
    organisation_id     uuid          not null references organisation (id),
    member_id           uuid          references member (id),
    code                varchar(40)   not null,
    name                varchar(200)  not null,
    kind                varchar(20)   not null,
    geometry_kind       varchar(20)   not null,
    geometry            varchar(1000000) not null,
    declared_area_ha    numeric(14,4),
    computed_area_ha    numeric(14,4) not null,
    centroid_lat        double precision not null,
    centroid_lon        double precision not null,
    main_products       varchar(300),
    active              boolean       not null default true,
    current_version     integer       not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    constraint uq_production_unit_code unique (organisation_id, code)
);
create index ix_production_unit_member on production_unit (member_id);

-- Every state a production unit has had, the current one included; rows are only ever added.
create table production_unit_version (
    production_unit_id  uuid          not null references production_unit (id),
    version             integer       not null,
    organisation_id     uuid          not null references organisation (id),
    member_id           uuid,
    code                varchar(40)   not null,
    name                varchar(200)  not null,
    kind                varchar(20)   not null,
    geometry_kind       varchar(20)   not null,
    geometry            varchar(1000000) not null,
    declared_area_ha    numeric(14,4),
    computed_area_ha    numeric(14,4) not null,
    main_products       varchar(300),
    active              boolean       not null,
    change_note         varchar(400),
    recorded_at         timestamp with time zone not null,
    recorded_by         varchar(100)  not null,
    primary key (production_unit_id, version)
);

create table certificate (
    id                  uuid primary key,
    organisation_id     uuid         not null references organisation (id),
    holder_member_id    uuid         references member (id),
    scheme              varchar(30)  not null,
    certificate_number  varchar(80)  not null,
    certifying_body     varchar(200) not null,
    scope_products      varchar(400),
    scope_all_members   boolean      not null default false,
    valid_from          date         not null,
    valid_to            date         not null,
    status              varchar(20)  not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             integer      not null default 0,
    constraint uq_certificate_number unique (organisation_id, scheme, certificate_number)
);

-- The members a certificate covers, when it does not cover them all.
create table certificate_member (
    certificate_id  uuid not null references certificate (id),
    member_id       uuid not null references member (id),
    primary key (certificate_id, member_id)
);
