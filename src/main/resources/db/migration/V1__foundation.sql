-- Mechanisms every integration shares: audit, idempotency, outbox, dead-letter bookkeeping, jobs.

create table integration_audit (
    id           bigserial primary key,
    occurred_at  timestamptz not null,
    service      varchar(64) not null,
    operation    varchar(256) not null,
    request_id   varchar(128),
    direction    varchar(8) not null check (direction in ('INBOUND', 'OUTBOUND')),
    duration_ms  bigint not null,
    status       varchar(32),
    error_class  varchar(256),
    detail       varchar(2000)
);
create index integration_audit_occurred_at on integration_audit (occurred_at);
create index integration_audit_request_id on integration_audit (request_id);

-- Scope is caller + method + path, so keys of different callers never collide.
create table idempotency_key (
    scope                  varchar(600) not null,
    idempotency_key        varchar(255) not null,
    request_hash           char(64) not null,
    state                  varchar(16) not null check (state in ('in_progress', 'completed')),
    response_status        int,
    response_content_type  varchar(200),
    response_location      varchar(2000),
    response_body          bytea,
    created_at             timestamptz not null,
    expires_at             timestamptz not null,
    primary key (scope, idempotency_key)
);
create index idempotency_key_expires_at on idempotency_key (expires_at);

-- Events leave through here, written in the transaction of the state change they describe.
create table outbox_event (
    id              uuid primary key,
    event_type      varchar(100) not null,
    aggregate_type  varchar(100) not null,
    aggregate_id    varchar(100) not null,
    payload         jsonb not null,
    request_id      varchar(128),
    created_at      timestamptz not null default now(),
    published_at    timestamptz
);
create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;

-- Why a message failed, per delivery attempt; the broker keeps the message itself (DLQ.*).
create table message_failure (
    id             bigserial primary key,
    message_id     varchar(200) not null,
    queue          varchar(200) not null,
    route_id       varchar(200),
    delivery       int not null,
    error_class    varchar(256) not null,
    error_message  varchar(2000),
    request_id     varchar(128),
    failed_at      timestamptz not null default now()
);
create index message_failure_message_id on message_failure (message_id);

-- One row per run of a job that must happen once per key (a date, a period) across instances.
create table job_run (
    job_name     varchar(100) not null,
    run_key      varchar(100) not null,
    started_at   timestamptz not null default now(),
    finished_at  timestamptz,
    outcome      varchar(2000),
    primary key (job_name, run_key)
);

-- Pipeline probes: a message sent by an operator (or a benchmark) through HTTP, a queue, a
-- transacted consumer and the outbox, to prove the whole path works end to end.
create table pipeline_probe (
    id           uuid primary key,
    label        varchar(200) not null,
    state        varchar(16) not null check (state in ('accepted', 'processed')),
    request_id   varchar(128),
    accepted_at  timestamptz not null,
    processed_at timestamptz,
    deliveries   int not null default 0
);
