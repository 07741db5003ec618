package com.fitplatform.gateway.health.query;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.normalize.Metric;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/health/metrics}: raw points, or hourly/daily aggregates computed in PostgreSQL
 * ({@code date_trunc} in UTC; sum for counts, distances, energy and sleep minutes; average, min and
 * max for rates and body measurements). When several sources cover a bucket, the one first in the
 * configured priority is used, and the answer names it and why.
 */
@Component("healthQuery")
public class HealthQuery {

    private static final Duration MAX_RANGE = Duration.ofDays(400);

    private final JdbcTemplate jdbc;
    private final HealthProperties properties;

    public HealthQuery(JdbcTemplate jdbc, HealthProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public Map<String, Object> metrics(
            @Header("userId") String userId,
            @Header("metric") String metricName,
            @Header("from") String fromText,
            @Header("to") String toText,
            @Header("granularity") String granularityText,
            @Header("source") String source) {
        if (userId == null || userId.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "userId is required");
        }
        Metric metric = Metric.byId(metricName == null ? "" : metricName)
                .orElseThrow(() ->
                        new ProblemException(ProblemType.INVALID_REQUEST, "metric must be a canonical metric name"));
        Instant from = instant(fromText, "from");
        Instant to = instant(toText, "to");
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "to must be after from, at most 400 days later");
        }
        String granularity = granularityText == null || granularityText.isBlank() ? "raw" : granularityText;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("userId", userId);
        answer.put("metric", metric.id());
        answer.put("unit", metric.unit());
        answer.put("granularity", granularity);
        answer.put("from", from.toString());
        answer.put("to", to.toString());
        String sourceFilter = source == null || source.isBlank() ? null : source;
        switch (granularity) {
            case "raw" -> answer.put("points", raw(userId, metric, from, to, sourceFilter));
            case "hour", "day" -> aggregate(answer, userId, metric, from, to, granularity, sourceFilter);
            default -> throw new ProblemException(ProblemType.INVALID_REQUEST, "granularity is raw, hour or day");
        }
        return answer;
    }

    private List<Map<String, Object>> raw(String userId, Metric metric, Instant from, Instant to, String source) {
        List<Object> args = new ArrayList<>(List.of(userId, metric.id(), Timestamp.from(from), Timestamp.from(to)));
        String sql =
                "select start_time, end_time, value, value2, provider, device, source_record_id, original_value, original_unit"
                        + " from health_metrics where user_id = ? and metric = ? and start_time >= ? and start_time < ?";
        if (source != null) {
            sql += " and provider = ?";
            args.add(source);
        }
        sql += " order by start_time, provider limit 10000";
        List<Map<String, Object>> points = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(sql, args.toArray())) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("start", ((Timestamp) row.get("start_time")).toInstant().toString());
            point.put("end", ((Timestamp) row.get("end_time")).toInstant().toString());
            point.put("value", row.get("value"));
            if (row.get("value2") != null) {
                point.put("value2", row.get("value2"));
            }
            point.put("source", row.get("provider"));
            if (row.get("device") != null) {
                point.put("device", row.get("device"));
            }
            point.put("sourceRecordId", row.get("source_record_id"));
            point.put("originalValue", row.get("original_value"));
            point.put("originalUnit", row.get("original_unit"));
            points.add(point);
        }
        return points;
    }

    private void aggregate(
            Map<String, Object> answer,
            String userId,
            Metric metric,
            Instant from,
            Instant to,
            String granularity,
            String source) {
        List<Object> args = new ArrayList<>(List.of(userId, metric.id(), Timestamp.from(from), Timestamp.from(to)));
        String sql = "select date_trunc('" + granularity + "', start_time at time zone 'UTC') as bucket, provider,"
                + " sum(value) as total, avg(value) as average, min(value) as minimum, max(value) as maximum,"
                + " avg(value2) as average2, count(*) as points"
                + " from health_metrics where user_id = ? and metric = ? and start_time >= ? and start_time < ?"
                + (source == null ? "" : " and provider = ?")
                + " group by 1, 2 order by 1";
        if (source != null) {
            args.add(source);
        }
        List<String> priority = properties.priorityFor(metric.id());
        Map<Instant, List<Map<String, Object>>> byBucket = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList(sql, args.toArray())) {
            Instant bucket = ((Timestamp) row.get("bucket")).toLocalDateTime().toInstant(ZoneOffset.UTC);
            byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (var bucket : byBucket.entrySet()) {
            List<Map<String, Object>> candidates = bucket.getValue();
            Map<String, Object> best = candidates.stream()
                    .min((a, b) -> Integer.compare(
                            rank(priority, (String) a.get("provider")), rank(priority, (String) b.get("provider"))))
                    .orElseThrow();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("start", bucket.getKey().toString());
            if (metric.summed()) {
                point.put("value", best.get("total"));
            } else {
                point.put("value", best.get("average"));
                point.put("min", best.get("minimum"));
                point.put("max", best.get("maximum"));
                if (best.get("average2") != null) {
                    point.put("value2", best.get("average2"));
                }
            }
            point.put("count", best.get("points"));
            point.put("source", best.get("provider"));
            if (candidates.size() > 1) {
                point.put(
                        "otherSources",
                        candidates.stream()
                                .map(c -> c.get("provider"))
                                .filter(p -> !p.equals(best.get("provider")))
                                .toList());
            }
            points.add(point);
            chosen.merge((String) best.get("provider"), 1, (a, b) -> (Integer) a + (Integer) b);
        }
        answer.put("aggregation", metric.summed() ? "sum" : "avg/min/max");
        answer.put("points", points);
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("used", chosen);
        selection.put(
                "reason",
                source != null
                        ? "source requested: " + source
                        : "when several sources cover a " + granularity + ", the first in the configured priority "
                                + priority + " is used");
        answer.put("sourceSelection", selection);
    }

    private static int rank(List<String> priority, String provider) {
        int index = priority.indexOf(provider);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static Instant instant(String text, String name) {
        if (text == null || text.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, name + " is required (ISO-8601 instant or date)");
        }
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, name + " must be an ISO-8601 instant or date");
        }
    }
}
