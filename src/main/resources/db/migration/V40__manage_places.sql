-- An organisation's places are managed on a page of their own: a place may be renamed (the name
-- pages show; its events keep the place's URN) and no longer offered on the forms (a mistyped
-- place, say). Writing a place's name on a form again offers it again.
alter table trace_place add column offered boolean default true not null;
