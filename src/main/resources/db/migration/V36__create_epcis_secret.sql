-- Secrets of the EPCIS interface, made by the application the first time it needs one (random,
-- never configured) and kept here so that every instance on this database, and every restart,
-- uses the same: 'page-token' seals the nextPageToken of event queries (PageTokens).
create table epcis_secret (
    name   varchar(50)  primary key,
    secret varchar(200) not null
);
