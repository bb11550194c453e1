-- Certificates: why and from when a certificate is suspended or withdrawn (shown with it; every
-- change is also in the audit trail), and indexes for the certificate lists and member filters.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

alter table certificate add column status_reason varchar(400);
alter table certificate add column status_changed_on date;

create index ix_certificate_org_valid on certificate (organisation_id, valid_to);
create index ix_certificate_holder on certificate (holder_member_id);
create index ix_certificate_member_member on certificate_member (member_id);
