package com.fitplatform.gateway.ai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The user's recent health metrics (average heart rate, sleep hours a night over the last days)
 * from the health module's table, when that module is deployed: whether the table and its columns
 * exist is checked once in {@code information_schema}, so the AI area works without it.
 */
@Component
public class RecentHealthMetrics {

    private static final Logger log = LoggerFactory.getLogger(RecentHealthMetrics.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final JdbcTemplate jdbc;
    private final AiProperties.HealthMetrics config;
    private final String sumsSql;
    private final String[] heartRateTypes;
    private final String[] sleepTypes;
    private final String[] allTypes;
    private volatile Boolean available;

    public RecentHealthMetrics(JdbcTemplate jdbc, AiProperties properties) {
        this.jdbc = jdbc;
        this.config = properties.healthMetrics();
        // One statement for both figures, built once: each AI call without recentMetrics runs it. The
        // names are checked to be plain identifiers before it first runs (available()).
        String value = config.valueColumn();
        String type = config.typeColumn();
        this.sumsSql = "select avg(" + value + ") filter (where " + type + " = any(?)) as heart_rate,"
                + " sum(" + value + ") filter (where " + type + " = any(?)) as sleep_minutes"
                + " from " + config.table() + " where " + config.userColumn() + " = ? and "
                + config.timeColumn() + " >= now() - make_interval(days => ?) and " + type + " = any(?)";
        this.heartRateTypes = config.heartRateTypes().toArray(String[]::new);
        this.sleepTypes = config.sleepTypes().toArray(String[]::new);
        this.allTypes = Stream.concat(config.heartRateTypes().stream(), config.sleepTypes().stream())
                .toArray(String[]::new);
    }

    /** {@code avgHeartRate} (bpm) and {@code sleepHours} (a night), each only when stored; empty otherwise. */
    public Map<String, Object> of(String userId) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (!available()) {
            return metrics;
        }
        try {
            Map<String, Object> sums =
                    jdbc.queryForMap(sumsSql, heartRateTypes, sleepTypes, userId, config.days(), allTypes);
            Double heartRate = sums.get("heart_rate") instanceof Number n ? n.doubleValue() : null;
            Double sleepMinutes = sums.get("sleep_minutes") instanceof Number n ? n.doubleValue() : null;
            if (heartRate != null) {
                metrics.put("avgHeartRate", Math.round(heartRate * 10) / 10.0);
            }
            if (sleepMinutes != null && sleepMinutes > 0) {
                metrics.put("sleepHours", Math.round(sleepMinutes / 60.0 / config.days() * 10) / 10.0);
            }
        } catch (DataAccessException e) {
            // Enrichment is optional: a shape the lookup does not understand never fails a request.
            log.warn("Recent health metrics unavailable: {}", e.getClass().getSimpleName());
        }
        return metrics;
    }

    boolean available() {
        Boolean known = available;
        if (known == null) {
            known = check();
            available = known;
        }
        return known;
    }

    private boolean check() {
        List<String> names = List.of(
                config.table(), config.userColumn(), config.typeColumn(), config.valueColumn(), config.timeColumn());
        if (!names.stream().allMatch(name -> IDENTIFIER.matcher(name).matches())) {
            log.warn("Health metrics lookup off: configured table/column names are not plain identifiers");
            return false;
        }
        Set<String> columns = jdbc
                .queryForList(
                        "select column_name from information_schema.columns where table_schema = current_schema()"
                                + " and table_name = ?",
                        String.class,
                        config.table())
                .stream()
                .collect(Collectors.toSet());
        boolean present = columns.containsAll(names.subList(1, names.size()));
        log.info(
                "Health metrics lookup {}: table {} {}",
                present ? "on" : "off",
                config.table(),
                columns.isEmpty() ? "absent" : present ? "found" : "lacks expected columns");
        return present;
    }

    /** Forgets the schema check (tests create the health table after start). */
    public void recheck() {
        available = null;
    }
}
