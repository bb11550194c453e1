-- Forms of the trace pages are recorded once per sending: each page gives its forms a token, kept
-- here with where its first sending led, so that the form sent again (a second click, a reloaded
-- POST) goes there instead of recording the operation twice. Tokens are forgotten after two days.
create table trace_submission (
    token        uuid primary key,
    submitted_at timestamp with time zone not null,
    target       varchar(500)
);
create index ix_trace_submission_time on trace_submission (submitted_at);
