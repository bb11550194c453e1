-- The places an organisation named on its forms, as its people wrote them ("Almacén Ñaña –
-- Sector 2"): events carry a place as a URN made of the name (urn:ayni:loc:{org}:almacen-nana-
-- sector-2), which pages show by this name. The first writing of a place is kept.
create table trace_place (
    organisation_id uuid         not null references organisation (id),
    location        varchar(500) not null,
    name            varchar(200) not null,
    primary key (organisation_id, location)
);
create index ix_trace_place_location on trace_place (location);
