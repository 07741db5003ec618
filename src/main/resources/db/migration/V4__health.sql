-- Health data: canonical points in a time-partitioned table, what could not be stored (rejected
-- points, unknown types), provider connections with encrypted tokens, and resumable sync jobs.

-- One canonical point. Unique per user, metric, source provider, source record and start time, so
-- redelivery and re-sync never duplicate; a newer version of a record replaces the old one.
create table health_metrics (
    user_id            varchar(100) not null,
    metric             varchar(40)  not null,   -- canonical name (steps, heart_rate, sleep_deep...)
    start_time         timestamptz  not null,
    end_time           timestamptz  not null,
    value              double precision not null, -- canonical unit (see unit)
    value2             double precision,          -- second component (diastolic mmHg)
    unit               varchar(20)  not null,
    provider           varchar(30)  not null,
    device             varchar(200),
    source_record_id   varchar(200) not null,
    original_value     varchar(100),
    original_unit      varchar(40),
    details            jsonb,                     -- workout type, energy, distance; zone data
    source_updated_at  timestamptz  not null,     -- version of the record at the provider
    stored_at          timestamptz  not null default now(),
    primary key (user_id, metric, provider, source_record_id, start_time)
) partition by range (start_time);

create index health_metrics_user_metric_time on health_metrics (user_id, metric, start_time);

-- Monthly partitions, created ahead by this migration and by the daily maintenance job; the
-- store creates a missing month on demand (old data pushed late).
create or replace function health_metrics_ensure_month(month_start date) returns void
language plpgsql as $$
declare
    first_day date := date_trunc('month', month_start)::date;
    partition_name text := 'health_metrics_' || to_char(first_day, 'YYYY_MM');
begin
    execute format('create table if not exists %I partition of health_metrics for values from (%L) to (%L)',
                   partition_name, first_day::timestamp at time zone 'UTC',
                   (first_day + interval '1 month')::date::timestamp at time zone 'UTC');
end $$;

do $$
declare m int;
begin
    for m in -3..3 loop
        perform health_metrics_ensure_month((date_trunc('month', now()) + make_interval(months => m))::date);
    end loop;
end $$;

-- Points refused by validation (negative steps, heart rate 900...), with the reason.
create table health_rejected_point (
    id                 bigserial primary key,
    user_id            varchar(100) not null,
    provider           varchar(30)  not null,
    metric             varchar(40),
    source_record_id   varchar(200),
    reason             varchar(500) not null,
    payload            jsonb,
    recorded_at        timestamptz  not null default now(),
    unique (user_id, provider, source_record_id, reason)
);

-- Records of a type the gateway does not know yet: kept raw, reported, not dropped.
create table health_raw_unknown (
    id                 bigserial primary key,
    user_id            varchar(100) not null,
    provider           varchar(30)  not null,
    type               varchar(200) not null,
    record_key         varchar(300) not null,
    payload            jsonb        not null,
    recorded_at        timestamptz  not null default now(),
    unique (user_id, provider, type, record_key)
);

-- A user's link to a provider. Tokens are AES-GCM ciphertexts with the id of the key that made them.
create table health_connection (
    user_id            varchar(100) not null,
    provider           varchar(30)  not null,
    status             varchar(30)  not null,   -- pending, connected, needs_reconsent, disconnected
    provider_user_id   varchar(200),
    oauth_state        varchar(100),
    pkce_verifier      varchar(200),            -- encrypted like the tokens
    access_token       varchar(4000),
    refresh_token      varchar(4000),
    token_key_id       varchar(50),
    expires_at         timestamptz,
    scopes             varchar(1000),
    last_synced_day    date,
    history_permission boolean      not null default false,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    primary key (user_id, provider)
);
create unique index health_connection_state on health_connection (oauth_state) where oauth_state is not null;
create index health_connection_provider_user on health_connection (provider, provider_user_id);

-- Sync jobs and their per-day state, so a restart resumes where the job stopped.
create table health_sync_job (
    id                 uuid primary key,
    user_id            varchar(100) not null,
    provider           varchar(30)  not null,
    mode               varchar(20)  not null,   -- initial, incremental, notification
    from_day           date         not null,
    to_day             date         not null,
    state              varchar(30)  not null,   -- running, waiting_rate_limit, paused, completed, failed
    state_reason       varchar(500),
    resume_at          timestamptz,
    points_stored      bigint       not null default 0,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);
create index health_sync_job_user on health_sync_job (user_id, provider);

create table health_sync_day (
    job_id             uuid         not null references health_sync_job (id) on delete cascade,
    day                date         not null,
    state              varchar(20)  not null,   -- pending, fetched, stored, gap
    points             integer      not null default 0,
    gap_reason         varchar(200),
    updated_at         timestamptz  not null default now(),
    primary key (job_id, day)
);
