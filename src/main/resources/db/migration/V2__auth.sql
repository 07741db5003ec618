-- Sign-in: users, their ways in (provider identities and passwords), refresh tokens, web-flow
-- state and login rate-limit buckets.

create table auth_user (
    id              uuid primary key,
    email           varchar(320),
    email_verified  boolean not null default false,
    display_name    varchar(300),
    given_name      varchar(200),
    family_name     varchar(200),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index auth_user_email on auth_user (lower(email)) where email_verified;

-- One row per way in. provider 'password' has subject = lower(email) and a bcrypt hash.
create table auth_identity (
    id                bigserial primary key,
    user_id           uuid not null references auth_user (id) on delete cascade,
    provider          varchar(32) not null,
    subject           varchar(255) not null,
    email             varchar(320),
    email_verified    boolean not null default false,
    private_email     boolean not null default false,
    given_name        varchar(200),
    family_name       varchar(200),
    password_hash     varchar(100),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint auth_identity_provider_subject unique (provider, subject),
    constraint auth_identity_user_provider unique (user_id, provider)
);

-- Opaque refresh tokens, stored as SHA-256; a rotation keeps the family, a reuse revokes it.
create table auth_refresh_token (
    id          uuid primary key,
    family_id   uuid not null,
    user_id     uuid not null references auth_user (id) on delete cascade,
    token_hash  char(64) not null unique,
    issued_at   timestamptz not null default now(),
    expires_at  timestamptz not null,
    rotated_at  timestamptz,
    revoked_at  timestamptz
);
create index auth_refresh_token_family on auth_refresh_token (family_id);
create index auth_refresh_token_user on auth_refresh_token (user_id);

-- Web-flow state: single use (deleted when consumed), expires after gateway.auth.state-ttl.
create table auth_state (
    state_hash     char(64) primary key,
    provider       varchar(32) not null,
    redirect_uri   varchar(2000) not null,
    nonce          varchar(200) not null,
    code_verifier  varchar(200),
    link_user_id   uuid,
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null
);
create index auth_state_expires_at on auth_state (expires_at);

-- Fixed-window login attempt counters per account and per client IP, shared by all instances.
create table auth_rate_limit (
    bucket        varchar(400) primary key,
    window_start  timestamptz not null,
    attempts      int not null
);
