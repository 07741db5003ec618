package com.fitplatform.gateway.ai.analytics;

import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.common.audit.PiiMasker;
import com.fitplatform.gateway.common.scheduling.ClusterJobs;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The daily predictive-analytics trigger: asks the analytics service to run for the date, once
 * across all instances ({@link ClusterJobs}, run key = the date) and once per date at the service
 * (Idempotency-Key {@code analytics-run-<date>}, stable over retries). A run that still fails after
 * the retry schedule is recorded as failed and asked for again on the next triggers, for up to
 * {@code catch-up-days}.
 */
@Component("analyticsTrigger")
public class AnalyticsTrigger {

    static final String JOB = "ai-analytics-run";

    private final ClusterJobs jobs;
    private final AnalyticsClient client;
    private final JdbcTemplate jdbc;
    private final AiProperties properties;

    public AnalyticsTrigger(ClusterJobs jobs, AnalyticsClient client, JdbcTemplate jdbc, AiProperties properties) {
        this.jobs = jobs;
        this.client = client;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The scheduled entry point: today's run (UTC), then earlier runs that failed. */
    public String runDaily() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> outcomes = new ArrayList<>();
        outcomes.add(today + ": " + outcome(today));
        List<LocalDate> failed = jdbc
                .queryForList(
                        "select run_date from ai_analytics_run where status = 'failed' and run_date >= ?"
                                + " and run_date < ? order by run_date",
                        Date.class,
                        Date.valueOf(today.minusDays(properties.analytics().catchUpDays())),
                        Date.valueOf(today))
                .stream()
                .map(Date::toLocalDate)
                .toList();
        for (LocalDate date : failed) {
            outcomes.add(date + ": " + outcome(date));
        }
        return String.join(", ", outcomes);
    }

    private String outcome(LocalDate date) {
        try {
            return runFor(date).orElse("already requested");
        } catch (RuntimeException e) {
            return "failed, asked again on the next trigger (" + e.getMessage() + ")";
        }
    }

    /**
     * Asks for {@code date}'s run unless it was already requested (by any instance).
     *
     * @return the run id, or empty when already requested
     */
    public Optional<String> runFor(LocalDate date) {
        return jobs.runOnce(JOB, date.toString(), () -> {
            try {
                String runId = client.requestRun(date, "analytics-run-" + date);
                jdbc.update(
                        "insert into ai_analytics_run (run_date, status, run_id, attempts) values (?, 'requested', ?, 1)"
                                + " on conflict (run_date) do update set status = 'requested', run_id = excluded.run_id,"
                                + " attempts = ai_analytics_run.attempts + 1, last_error = null, updated_at = now()",
                        Date.valueOf(date),
                        runId);
                return "run " + runId;
            } catch (Exception e) {
                String error = PiiMasker.mask(e.getClass().getSimpleName() + ": " + e.getMessage());
                String reason = error.length() > 500 ? error.substring(0, 500) : error;
                jdbc.update(
                        "insert into ai_analytics_run (run_date, status, attempts, last_error) values (?, 'failed', 1, ?)"
                                + " on conflict (run_date) do update set status = 'failed',"
                                + " attempts = ai_analytics_run.attempts + 1, last_error = excluded.last_error,"
                                + " updated_at = now()",
                        Date.valueOf(date),
                        reason);
                throw new IllegalStateException("analytics run for " + date + " failed: " + reason, e);
            }
        });
    }
}
