package com.fitplatform.gateway.health.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 7: makes {@code health_metrics} a TimescaleDB hypertable (monthly chunks)
 * when the database can load the extension, and otherwise keeps the native monthly partitions of
 * V4. The choice is made against the database itself, so one build serves both deployments, and
 * is written on the table as a comment ({@link #STORAGE_COMMENT_PREFIX}) for ops and tests.
 */
@Component
public class HealthMetricsStorageMigration implements JavaMigration {

    /** Start of the comment that names the storage chosen for {@code health_metrics}. */
    public static final String STORAGE_COMMENT_PREFIX = "storage: ";

    static final String TIMESCALE = "timescaledb hypertable, monthly chunks";
    static final String NATIVE = "native partitions by month";

    private static final Logger log = LoggerFactory.getLogger(HealthMetricsStorageMigration.class);

    /** What the database offers: installed already, installable, and loaded at server start. */
    record Offer(boolean installed, boolean available, String preloadLibraries) {}

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "health metrics storage";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        Offer offer = offer(connection);
        try (Statement sql = connection.createStatement()) {
            if (useTimescale(offer)) {
                toHypertable(sql);
                comment(sql, TIMESCALE);
                log.info("health_metrics is a TimescaleDB hypertable");
            } else {
                comment(sql, NATIVE);
                log.info(
                        "TimescaleDB {}: health_metrics keeps native monthly partitions",
                        offer.available() ? "is installable but not preloaded" : "is not available");
            }
        }
    }

    /**
     * The extension can be created only when the server has it and preloads its library (a
     * TimescaleDB requirement): available but not preloaded falls back rather than failing the start.
     */
    static boolean useTimescale(Offer offer) {
        if (offer.installed()) {
            return true;
        }
        return offer.available()
                && offer.preloadLibraries() != null
                && offer.preloadLibraries().toLowerCase().contains("timescaledb");
    }

    static Offer offer(Connection connection) throws Exception {
        try (Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery("select"
                        + " exists (select 1 from pg_extension where extname = 'timescaledb'),"
                        + " exists (select 1 from pg_available_extensions where name = 'timescaledb'),"
                        + " current_setting('shared_preload_libraries', true)")) {
            row.next();
            return new Offer(row.getBoolean(1), row.getBoolean(2), row.getString(3));
        }
    }

    /**
     * A hypertable cannot be made from a natively partitioned table: the rows move into a new plain
     * table that becomes the hypertable, and the month function turns into a no-op (chunks are
     * created by TimescaleDB as rows arrive), so the store and the maintenance job need no branch.
     */
    private static void toHypertable(Statement sql) throws Exception {
        sql.execute("create extension if not exists timescaledb");
        sql.execute("alter table health_metrics rename to health_metrics_native");
        sql.execute("alter index health_metrics_user_metric_time rename to health_metrics_native_user_metric_time");
        sql.execute(
                "create table health_metrics (like health_metrics_native including defaults including constraints)");
        sql.execute(
                "alter table health_metrics add primary key (user_id, metric, provider, source_record_id, start_time)");
        sql.execute(
                "select create_hypertable('health_metrics', 'start_time', chunk_time_interval => interval '1 month')");
        sql.execute("create index health_metrics_user_metric_time on health_metrics (user_id, metric, start_time)");
        sql.execute("insert into health_metrics select * from health_metrics_native");
        sql.execute("drop table health_metrics_native cascade");
        sql.execute("create or replace function health_metrics_ensure_month(month_start date) returns void"
                + " language plpgsql as $$ begin null; end $$");
    }

    private static void comment(Statement sql, String storage) throws Exception {
        sql.execute("comment on table health_metrics is '" + STORAGE_COMMENT_PREFIX + storage + "'");
    }
}
