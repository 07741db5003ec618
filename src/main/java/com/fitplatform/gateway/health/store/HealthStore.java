package com.fitplatform.gateway.health.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.normalize.CanonicalPoint;
import com.fitplatform.gateway.health.normalize.NormalizedBatch;
import com.fitplatform.gateway.health.normalize.RejectedPoint;
import com.fitplatform.gateway.health.normalize.UnknownRecord;
import com.fitplatform.gateway.health.sync.SyncJobs;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The store step: writes a normalized batch in one transaction with multi-row inserts. A point
 * already stored (same user, metric, provider, record id and start) is replaced only by a version at
 * least as new, so redelivery and re-sync never duplicate and never roll a record back. Rejected
 * points and unknown records are kept beside it; a sync job's days are marked stored.
 */
@Component("healthStore")
public class HealthStore {

    private static final Logger log = LoggerFactory.getLogger(HealthStore.class);
    private static final String COLUMNS =
            "(user_id, metric, start_time, end_time, value, value2, unit, provider, device,"
                    + " source_record_id, original_value, original_unit, details, source_updated_at)";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    private static final String UPSERT =
            " on conflict (user_id, metric, provider, source_record_id, start_time) do update set"
                    + " end_time = excluded.end_time, value = excluded.value, value2 = excluded.value2, device = excluded.device,"
                    + " original_value = excluded.original_value, original_unit = excluded.original_unit,"
                    + " details = excluded.details, source_updated_at = excluded.source_updated_at, stored_at = now()"
                    + " where health_metrics.source_updated_at <= excluded.source_updated_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final HealthProperties properties;
    private final SyncJobs jobs;
    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();

    public HealthStore(JdbcTemplate jdbc, ObjectMapper json, HealthProperties properties, SyncJobs jobs) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.jobs = jobs;
    }

    /** Stores one queued batch; the answer summarizes it (counts only, no personal data). */
    @Transactional
    public Map<String, Object> store(String message) throws Exception {
        NormalizedBatch batch = json.readValue(message, NormalizedBatch.class);
        int written = writePoints(batch.userId(), batch.points());
        for (RejectedPoint rejected : batch.rejected()) {
            jdbc.update(
                    "insert into health_rejected_point (user_id, provider, metric, source_record_id, reason, payload)"
                            + " values (?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing",
                    batch.userId(),
                    batch.provider(),
                    rejected.metric(),
                    rejected.sourceRecordId(),
                    truncate(rejected.reason(), 500),
                    json.writeValueAsString(rejected.payload()));
        }
        for (UnknownRecord unknown : batch.unknown()) {
            jdbc.update(
                    "insert into health_raw_unknown (user_id, provider, type, record_key, payload) values (?, ?, ?, ?, ?::jsonb)"
                            + " on conflict (user_id, provider, type, record_key) do update set payload = excluded.payload,"
                            + " recorded_at = now()",
                    batch.userId(),
                    batch.provider(),
                    truncate(unknown.type(), 200),
                    truncate(unknown.recordKey(), 300),
                    json.writeValueAsString(unknown.payload()));
        }
        if (!batch.unknown().isEmpty()) {
            log.warn(
                    "Health batch for provider {} had {} records of unknown types (kept in health_raw_unknown)",
                    batch.provider(),
                    batch.unknown().size());
        }
        if (batch.jobId() != null) {
            jobs.markStored(batch.jobId(), batch.days(), batch.points().size());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("provider", batch.provider());
        summary.put("points", batch.points().size());
        summary.put("written", written);
        summary.put("rejected", batch.rejected().size());
        summary.put("unknown", batch.unknown().size());
        return summary;
    }

    /** Multi-row upserts of {@code store-batch-rows} rows each; returns rows inserted or replaced. */
    public int writePoints(String userId, List<CanonicalPoint> points) throws Exception {
        if (points.isEmpty()) {
            return 0;
        }
        // Two versions of one record in the same statement would make ON CONFLICT fail: keep the newest.
        Map<String, CanonicalPoint> unique = new LinkedHashMap<>();
        for (CanonicalPoint point : points) {
            ensurePartition(point.start().atOffset(ZoneOffset.UTC).toLocalDate());
            String key = point.metric() + "|" + point.provider() + "|" + point.sourceRecordId() + "|" + point.start();
            unique.merge(key, point, (a, b) -> b.sourceUpdatedAt().isBefore(a.sourceUpdatedAt()) ? a : b);
        }
        List<CanonicalPoint> rows = new ArrayList<>(unique.values());
        int written = 0;
        int size = Math.max(1, properties.storeBatchRows());
        for (int from = 0; from < rows.size(); from += size) {
            List<CanonicalPoint> chunk = rows.subList(from, Math.min(rows.size(), from + size));
            StringBuilder sql = new StringBuilder("insert into health_metrics ")
                    .append(COLUMNS)
                    .append(" values ");
            List<Object> args = new ArrayList<>(chunk.size() * 14);
            for (int i = 0; i < chunk.size(); i++) {
                CanonicalPoint p = chunk.get(i);
                sql.append(i == 0 ? "" : ", ").append(ROW);
                args.add(userId);
                args.add(p.metric());
                args.add(Timestamp.from(p.start()));
                args.add(Timestamp.from(p.end()));
                args.add(p.value());
                args.add(p.value2());
                args.add(p.unit());
                args.add(p.provider());
                args.add(truncate(p.device(), 200));
                args.add(truncate(p.sourceRecordId(), 200));
                args.add(truncate(p.originalValue(), 100));
                args.add(truncate(p.originalUnit(), 40));
                args.add(p.details() == null ? null : json.writeValueAsString(p.details()));
                args.add(Timestamp.from(p.sourceUpdatedAt()));
            }
            sql.append(UPSERT);
            written += jdbc.update(sql.toString(), args.toArray());
        }
        return written;
    }

    /** Creates the month's partition if this instance has not seen it yet (idempotent in SQL too). */
    void ensurePartition(LocalDate day) {
        YearMonth month = YearMonth.from(day);
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
            ensurePartition(now.plusMonths(m).atDay(1));
        }
        return "partitions ready through " + now.plusMonths(properties.partitionMonthsAhead());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
