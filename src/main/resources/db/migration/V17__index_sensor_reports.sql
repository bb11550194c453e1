-- The sensor reports of EPCIS events (sensorElementList), one row per report (or per element
-- without reports), for the sensor query parameters of GET /epcis/events (EQ_type, GE_value_<uom>,
-- GE_time, EXISTS_sensorElementList, …). Metadata fields of the element repeat on each of its rows;
-- reading_time is the report's time, else its element's.
-- Events captured before this migration have no rows here: queries on sensor data skip them.
create table epcis_event_sensor (
    seq                             bigint        not null,
    element                         integer       not null,
    reading_time                    timestamp with time zone,
    start_time                      timestamp with time zone,
    end_time                        timestamp with time zone,
    meta_device_id                  varchar(500),
    meta_data_processing_method     varchar(500),
    meta_biz_rules                  varchar(500),
    type                            varchar(500),
    device_id                       varchar(500),
    data_processing_method          varchar(500),
    biz_rules                       varchar(500),
    microorganism                   varchar(500),
    chemical_substance              varchar(500),
    uom                             varchar(10),
    num_value                       numeric(38,12),
    min_value                       numeric(38,12),
    max_value                       numeric(38,12),
    mean_value                      numeric(38,12),
    s_dev                           numeric(38,12),
    perc_rank                       numeric(38,12),
    perc_value                      numeric(38,12),
    string_value                    varchar(1000),
    boolean_value                   boolean,
    hex_binary_value                varchar(1000),
    uri_value                       varchar(500)
);
create index ix_epcis_event_sensor on epcis_event_sensor (seq);
create index ix_epcis_event_sensor_type on epcis_event_sensor (type, seq);
