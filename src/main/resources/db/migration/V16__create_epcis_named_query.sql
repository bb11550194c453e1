-- Named EPCIS queries (POST /epcis/queries): each belongs to the account that created it (owner_id
-- is app_user.id; no foreign key, as the access module owns that table) and answers, when asked,
-- with the events the asking account may read. The query is the JSON object of the request, as
-- validated against GS1's query-schema.json.
create table epcis_named_query (
    owner_id    uuid          not null,
    name        varchar(100)  not null,
    query       varchar(10000) not null,
    created_at  timestamp with time zone not null,
    primary key (owner_id, name)
);
