-- Access: users, their roles per organisation, API tokens, and the audit trail of every write.

create table app_user (
    id                  uuid primary key,
    username            varchar(100) not null,
    password_hash       varchar(200) not null,
    display_name        varchar(200) not null,
    email               varchar(200),
    platform_admin      boolean      not null default false,
    enabled             boolean      not null default true,
    preferred_language  varchar(5)   not null default 'es',
    created_at          timestamp with time zone not null,
    constraint uq_app_user_username unique (username)
);

create table user_role (
    user_id          uuid        not null references app_user (id),
    organisation_id  uuid        not null references organisation (id),
    role             varchar(30) not null,
    primary key (user_id, organisation_id)
);
create index ix_user_role_org on user_role (organisation_id);

-- Bearer tokens for the API; only a SHA-256 hash of the secret is kept.
create table api_token (
    id              uuid primary key,
    user_id         uuid         not null references app_user (id),
    name            varchar(100) not null,
    token_hash      varchar(64)  not null,
    token_prefix    varchar(12)  not null,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone,
    last_used_at    timestamp with time zone,
    revoked_at      timestamp with time zone,
    constraint uq_api_token_hash unique (token_hash)
);
create index ix_api_token_user on api_token (user_id);

create table audit_event (
    id               uuid primary key,
    occurred_at      timestamp with time zone not null,
    actor            varchar(100) not null,
    organisation_id  uuid,
    entity_type      varchar(40)  not null,
    entity_id        varchar(100) not null,
    action           varchar(30)  not null,
    details          varchar(20000)
);
create index ix_audit_entity on audit_event (entity_type, entity_id, occurred_at);
create index ix_audit_org on audit_event (organisation_id, occurred_at);
