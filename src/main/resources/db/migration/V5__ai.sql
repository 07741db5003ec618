-- AI area: the daily predictive-analytics runs the gateway asked for, one row per date (the
-- idempotency key). No personal data.
create table ai_analytics_run (
    run_date     date primary key,
    status       varchar(16) not null check (status in ('requested', 'failed')),
    run_id       varchar(200),
    attempts     int not null default 0,
    last_error   varchar(500),
    updated_at   timestamptz not null default now()
);
