-- Operations: every change ops make to the running gateway, and the record that an erasure happened.

-- Who changed what, when, and how it went: route files, config files, route stop/start, dead letters.
create table ops_change (
    id           bigserial primary key,
    occurred_at  timestamptz not null default now(),
    actor        varchar(200) not null,
    action       varchar(40) not null,
    target       varchar(500) not null,
    outcome      varchar(20) not null,
    detail       varchar(4000),
    diff         text
);
create index ops_change_occurred_at on ops_change (occurred_at);

-- That a user's data was erased, and how much per area; no personal data (the id is hashed).
create table user_erasure (
    id            uuid primary key,
    user_id_hash  char(64) not null,
    erased_at     timestamptz not null default now(),
    requested_by  varchar(200) not null,
    areas         jsonb not null
);
create index user_erasure_user_id_hash on user_erasure (user_id_hash);
