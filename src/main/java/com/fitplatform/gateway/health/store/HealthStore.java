package com.fitplatform.gateway.health.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.normalize.Json;
import com.fitplatform.gateway.health.normalize.NormalizedBatch;
import com.fitplatform.gateway.health.normalize.NormalizedMessage;
import com.fitplatform.gateway.health.normalize.RejectedPoint;
import com.fitplatform.gateway.health.normalize.UnknownRecord;
import com.fitplatform.gateway.health.sync.SyncJobs;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The store step: writes a normalized batch in one transaction. Its points arrive as rows in
 * {@code COPY}'s text format ({@link NormalizedMessage}) and are streamed as they are: straight into
 * {@code health_metrics} when none is stored yet, otherwise into a session-local staging table merged
 * into {@code health_metrics} by one {@code INSERT ... SELECT ... ON CONFLICT}: a point already stored
 * (same user, metric, provider, record id and start) is replaced only by a newer version, so
 * redelivery and re-sync never duplicate and never roll a record back. Rejected points and unknown
 * records are kept beside it; a sync job's days are marked stored.
 */
@Component("healthStore")
public class HealthStore {

    private static final Logger log = LoggerFactory.getLogger(HealthStore.class);
    private static final String COLUMNS = NormalizedMessage.COLUMNS;
    private static final String KEY = "user_id, metric, provider, source_record_id, start_time";
    // Session-local and emptied at every commit, so concurrent consumers (one connection each) never
    // see each other's rows and a rolled-back batch leaves nothing behind.
    private static final String STAGING = "create temporary table if not exists health_metrics_incoming"
            + " (like health_metrics including defaults) on commit delete rows";
    private static final String COPY = "copy health_metrics_incoming (" + COLUMNS + ") from stdin";
    private static final String COPY_NEW = "copy health_metrics (" + COLUMNS + ") from stdin";
    private static final String UNIQUE_VIOLATION = "23505";
    // DISTINCT ON keeps the newest version when one batch carries a record twice (ON CONFLICT
    // refuses to touch one row twice in a statement).
    private static final String MERGE = "insert into health_metrics (" + COLUMNS + ")"
            + " select distinct on (" + KEY + ") " + COLUMNS + " from health_metrics_incoming"
            + " order by " + KEY + ", source_updated_at desc"
            + " on conflict (" + KEY + ") do update set"
            + " end_time = excluded.end_time, value = excluded.value, value2 = excluded.value2, unit = excluded.unit,"
            + " device = excluded.device, original_value = excluded.original_value,"
            + " original_unit = excluded.original_unit, details = excluded.details,"
            + " source_updated_at = excluded.source_updated_at, stored_at = now()"
            + " where health_metrics.source_updated_at < excluded.source_updated_at";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final ObjectReader batches;
    private final HealthProperties properties;
    private final SyncJobs jobs;
    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();

    public HealthStore(
            JdbcTemplate jdbc, DataSource dataSource, ObjectMapper json, HealthProperties properties, SyncJobs jobs) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.batches = json.copy().registerModule(Json.fastInstants()).readerFor(NormalizedBatch.class);
        this.properties = properties;
        this.jobs = jobs;
    }

    /** Stores one queued batch; the answer summarizes it (counts only, no personal data). */
    @Transactional
    public Map<String, Object> store(byte[] message) throws Exception {
        NormalizedMessage normalized = NormalizedMessage.read(message, json, batches);
        NormalizedMessage.Header batch = normalized.header();
        int written = writeRows(normalized);
        if (!batch.rejected().isEmpty()) {
            List<Object[]> rows = new ArrayList<>(batch.rejected().size());
            for (RejectedPoint rejected : batch.rejected()) {
                rows.add(new Object[] {
                    batch.userId(),
                    batch.provider(),
                    rejected.metric(),
                    rejected.sourceRecordId(),
                    truncate(rejected.reason(), 500),
                    json.writeValueAsString(rejected.payload())
                });
            }
            jdbc.batchUpdate(
                    "insert into health_rejected_point (user_id, provider, metric, source_record_id, reason, payload)"
                            + " values (?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing",
                    rows);
        }
        if (!batch.unknown().isEmpty()) {
            List<Object[]> rows = new ArrayList<>(batch.unknown().size());
            for (UnknownRecord unknown : batch.unknown()) {
                rows.add(new Object[] {
                    batch.userId(),
                    batch.provider(),
                    truncate(unknown.type(), 200),
                    truncate(unknown.recordKey(), 300),
                    json.writeValueAsString(unknown.payload())
                });
            }
            jdbc.batchUpdate(
                    "insert into health_raw_unknown (user_id, provider, type, record_key, payload) values (?, ?, ?, ?, ?::jsonb)"
                            + " on conflict (user_id, provider, type, record_key) do update set payload = excluded.payload,"
                            + " recorded_at = now()",
                    rows);
            log.warn(
                    "Health batch for provider {} had {} records of unknown types (kept in health_raw_unknown)",
                    batch.provider(),
                    batch.unknown().size());
        }
        if (batch.jobId() != null) {
            jobs.markStored(batch.jobId(), batch.days(), batch.rows());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("provider", batch.provider());
        summary.put("points", batch.rows());
        summary.put("written", written);
        summary.put("rejected", batch.rejected().size());
        summary.put("unknown", batch.unknown().size());
        return summary;
    }

    /**
     * Writes the message's rows; returns rows inserted or replaced. Needs a transaction: a savepoint
     * guards the first attempt, and the staging rows live until commit.
     */
    private int writeRows(NormalizedMessage message) throws Exception {
        if (message.header().rows() == 0) {
            return 0;
        }
        message.months().forEach(this::ensurePartition);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            if (copiedAsNew(connection, copy, message)) {
                return message.header().rows();
            }
            return merged(connection, copy, message);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Most batches hold points not stored yet (new samples, a first sync): those are copied straight
     * into {@code health_metrics}, which costs PostgreSQL about 60 % of the staging merge. If any point
     * is stored already, or the batch holds one record twice, the primary key refuses the copy and
     * it is undone to the savepoint, for the merge to decide which version stays.
     */
    private boolean copiedAsNew(Connection connection, CopyManager copy, NormalizedMessage message) throws Exception {
        Savepoint savepoint = connection.setSavepoint();
        try {
            copy.copyIn(COPY_NEW, message.rows());
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    /** Copies the rows into the staging table in chunks of {@code store-batch-rows} and merges each. */
    private int merged(Connection connection, CopyManager copy, NormalizedMessage message) throws Exception {
        int written = 0;
        try (Statement statement = connection.createStatement()) {
            statement.execute(STAGING);
            boolean first = true;
            for (InputStream chunk : message.rowChunks(Math.max(1, properties.storeBatchRows()))) {
                if (!first) {
                    statement.execute("truncate health_metrics_incoming");
                }
                first = false;
                copy.copyIn(COPY, chunk);
                written += statement.executeUpdate(MERGE);
            }
        }
        return written;
    }

    /** Creates the month's partition if this instance has not seen it yet (idempotent in SQL too). */
    void ensurePartition(YearMonth month) {
        if (knownPartitions.contains(month)) {
            return;
        }
        jdbc.queryForList(
                "select health_metrics_ensure_month(?::date)", month.atDay(1).toString());
        knownPartitions.add(month);
    }

    /** The maintenance job: partitions for this month and the next months, ahead of the data. */
    public String createPartitionsAhead() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int m = 0; m <= properties.partitionMonthsAhead(); m++) {
            knownPartitions.remove(now.plusMonths(m));
            ensurePartition(now.plusMonths(m));
        }
        return "partitions ready through " + now.plusMonths(properties.partitionMonthsAhead());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
