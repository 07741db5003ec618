-- Payments: subscriptions, their payment attempts at gateways, provider events (inbox) and history.

create table subscription (
    id                 uuid primary key,
    user_id            varchar(200),                 -- null once the user's data is erased
    plan               varchar(100) not null,
    amount_minor       bigint not null check (amount_minor > 0),
    currency           char(3) not null,
    region             char(2) not null,
    preferred_gateway  varchar(20),
    state              varchar(16) not null check (state in ('pending', 'active', 'failed')),
    caller             varchar(200) not null,
    request_key        varchar(255) not null,        -- the Idempotency-Key that created it
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    unique (caller, request_key)
);
create index subscription_user on subscription (user_id);

-- Order numbers for gateways that want an integer (WebMoney LMI_PAYMENT_NO, Sberbank orderNumber).
create sequence payment_order_no start with 100001;

create table payment_attempt (
    id                uuid primary key,              -- also the idempotency key sent to the gateway
    subscription_id   uuid not null references subscription (id),
    attempt_no        int not null,                  -- 1 for the first try, +1 after each decline
    retry_of          uuid references payment_attempt (id),
    gateway           varchar(20) not null,
    state             varchar(16) not null
                      check (state in ('created', 'pending', 'completed', 'declined', 'failed', 'unknown')),
    order_no          bigint not null default nextval('payment_order_no') unique,
    idempotency_key   varchar(255) not null unique,
    provider_ref      varchar(200),
    amount_minor      bigint not null,
    currency          char(3) not null,
    client_action     jsonb,
    failure_code      varchar(200),
    reconciles        int not null default 0,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (gateway, provider_ref)
);
create index payment_attempt_subscription on payment_attempt (subscription_id);
create index payment_attempt_retry_of on payment_attempt (retry_of);

-- Provider events as received: one row per provider event id; applied at most once.
create table payment_webhook (
    id             uuid primary key,
    provider       varchar(20) not null,
    event_id       varchar(300) not null,
    event_type     varchar(100) not null,
    attempt_id     uuid references payment_attempt (id),
    outcome        varchar(16) not null check (outcome in ('succeeded', 'declined', 'pending', 'confirm')),
    amount_minor   bigint,
    currency       char(3),
    detail         varchar(500),
    state          varchar(16) not null check (state in ('received', 'applied', 'ignored', 'flagged')),
    note           varchar(500),
    received_at    timestamptz not null default now(),
    applied_at     timestamptz,
    unique (provider, event_id)
);

create table payment_history (
    id               bigserial primary key,
    subscription_id  uuid not null references subscription (id),
    attempt_id       uuid references payment_attempt (id),
    occurred_at      timestamptz not null default now(),
    event            varchar(64) not null,
    detail           varchar(500)
);
create index payment_history_subscription on payment_history (subscription_id, id);
