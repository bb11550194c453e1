-- The values of events' extension fields (top level, ilmd, error declaration; nested ones marked
-- inner), for the query parameters on fields of GET /epcis/events (EQ_<field>, GT/GE/LT/LE_<field>,
-- EXISTS_<field> and their ILMD_, INNER_ and ERROR_DECLARATION_ kinds). field is the full URI.
-- Events stored before this migration get their rows from migration V20.
create table epcis_event_field (
    seq          bigint        not null,
    scope        varchar(5)    not null,
    nested       boolean       not null,
    field        varchar(500)  not null,
    text_value   varchar(1000),
    num_value    numeric(38,12),
    time_value   timestamp with time zone
);
-- One index only: every capture writes these rows (the log never deletes them), and queries
-- look fields up by name.
create index ix_epcis_event_field on epcis_event_field (field, seq);
