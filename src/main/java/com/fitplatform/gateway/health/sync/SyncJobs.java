package com.fitplatform.gateway.health.sync;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.outbox.Outbox;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Sync jobs and their per-day state in PostgreSQL: what is left, what is done, why a day is missing. */
@Component("healthSyncJobs")
public class SyncJobs {

    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    public SyncJobs(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    public UUID create(String userId, String provider, String mode, LocalDate from, LocalDate to) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into health_sync_job (id, user_id, provider, mode, from_day, to_day, state) values (?, ?, ?, ?, ?, ?, 'running')",
                id,
                userId,
                provider,
                mode,
                Date.valueOf(from),
                Date.valueOf(to));
        jdbc.update(
                "insert into health_sync_day (job_id, day, state) select ?, d::date, 'pending'"
                        + " from generate_series(?::date, ?::date, interval '1 day') d",
                id,
                Date.valueOf(from),
                Date.valueOf(to));
        return id;
    }

    public Map<String, Object> job(UUID id) {
        List<Map<String, Object>> rows = jdbc.queryForList("select * from health_sync_job where id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Up to {@code max} consecutive pending days from the oldest. */
    public List<LocalDate> nextPendingDays(UUID id, int max) {
        List<LocalDate> pending = jdbc
                .queryForList(
                        "select day from health_sync_day where job_id = ? and state = 'pending' order by day limit ?",
                        Date.class,
                        id,
                        max)
                .stream()
                .map(Date::toLocalDate)
                .toList();
        List<LocalDate> run = new ArrayList<>();
        for (LocalDate day : pending) {
            if (!run.isEmpty() && !run.get(run.size() - 1).plusDays(1).equals(day)) {
                break;
            }
            run.add(day);
        }
        return run;
    }

    public void markDays(UUID id, List<LocalDate> days, String state, String reason) {
        for (LocalDate day : days) {
            jdbc.update(
                    "update health_sync_day set state = ?, gap_reason = ?, updated_at = now() where job_id = ? and day = ?"
                            + " and state <> 'stored'",
                    state,
                    reason,
                    id,
                    Date.valueOf(day));
        }
    }

    /** Days fetched long ago but never stored (a lost hand-off): fetched again. */
    public int resetStaleFetched(UUID id, Instant olderThan) {
        return jdbc.update(
                "update health_sync_day set state = 'pending', updated_at = now() where job_id = ? and state = 'fetched'"
                        + " and updated_at < ?",
                id,
                Timestamp.from(olderThan));
    }

    public int count(UUID id, String state) {
        Integer n = jdbc.queryForObject(
                "select count(*) from health_sync_day where job_id = ? and state = ?", Integer.class, id, state);
        return n == null ? 0 : n;
    }

    public void setState(UUID id, String state, String reason, Instant resumeAt) {
        jdbc.update(
                "update health_sync_job set state = ?, state_reason = ?, resume_at = ?, updated_at = now() where id = ?"
                        + " and state <> 'completed'",
                state,
                reason,
                resumeAt == null ? null : Timestamp.from(resumeAt),
                id);
    }

    /** Called by the store in its transaction: the days of a batch are stored, its points counted. */
    public void markStored(String jobId, List<String> days, int points) {
        UUID id = UUID.fromString(jobId);
        for (String day : days) {
            jdbc.update(
                    "update health_sync_day set state = 'stored', updated_at = now() where job_id = ? and day = ?",
                    id,
                    Date.valueOf(LocalDate.parse(day)));
        }
        jdbc.update(
                "update health_sync_job set points_stored = points_stored + ?, updated_at = now() where id = ?",
                points,
                id);
        completeIfDone(id);
    }

    /** Completes the job when no day is pending or in flight; records the sync and announces it once. */
    @org.springframework.transaction.annotation.Transactional
    public void completeIfDone(UUID id) {
        Integer open = jdbc.queryForObject(
                "select count(*) from health_sync_day where job_id = ? and state in ('pending', 'fetched')",
                Integer.class,
                id);
        if (open != null && open == 0) {
            int changed = jdbc.update(
                    "update health_sync_job set state = 'completed', state_reason = null, resume_at = null,"
                            + " updated_at = now() where id = ? and state <> 'completed'",
                    id);
            if (changed == 1) {
                Map<String, Object> job = job(id);
                jdbc.update(
                        "update health_connection set last_synced_day = greatest(coalesce(last_synced_day, ?), ?)"
                                + " where user_id = ? and provider = ?",
                        job.get("to_day"),
                        job.get("to_day"),
                        job.get("user_id"),
                        job.get("provider"));
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("jobId", id.toString());
                event.put("userId", job.get("user_id"));
                event.put("provider", job.get("provider"));
                event.put("from", job.get("from_day").toString());
                event.put("to", job.get("to_day").toString());
                event.put("pointsStored", job.get("points_stored"));
                outbox.append("health.data.synced", "health-sync-job", id.toString(), event);
            }
        }
    }

    /** {@code GET /api/health/sync/{jobId}}. */
    public Map<String, Object> statusOf(@org.apache.camel.Header("jobId") String jobId) {
        try {
            return status(UUID.fromString(jobId));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No sync job " + jobId);
        }
    }

    /** The progress and coverage a caller sees. */
    public Map<String, Object> status(UUID id) {
        Map<String, Object> job = job(id);
        if (job == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No sync job " + id);
        }
        List<Map<String, Object>> days = jdbc.queryForList(
                "select day, state, gap_reason from health_sync_day where job_id = ? order by day", id);
        int total = days.size();
        int done = 0;
        int stored = 0;
        List<Map<String, Object>> gaps = new ArrayList<>();
        Map<String, Object> gap = null;
        for (Map<String, Object> day : days) {
            String state = (String) day.get("state");
            if ("stored".equals(state) || "gap".equals(state)) {
                done++;
            }
            if ("stored".equals(state)) {
                stored++;
            }
            if ("gap".equals(state)) {
                String reason = (String) day.get("gap_reason");
                if (gap != null && reason.equals(gap.get("reason"))) {
                    gap.put("to", day.get("day").toString());
                } else {
                    gap = new LinkedHashMap<>();
                    gap.put("from", day.get("day").toString());
                    gap.put("to", day.get("day").toString());
                    gap.put("reason", reason);
                    gaps.add(gap);
                }
            } else {
                gap = null;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", id.toString());
        answer.put("userId", job.get("user_id"));
        answer.put("provider", job.get("provider"));
        answer.put("mode", job.get("mode"));
        answer.put("state", job.get("state"));
        if (job.get("state_reason") != null) {
            answer.put("stateReason", job.get("state_reason"));
        }
        if (job.get("resume_at") != null) {
            answer.put(
                    "resumesAt", ((Timestamp) job.get("resume_at")).toInstant().toString());
        }
        answer.put("from", job.get("from_day").toString());
        answer.put("to", job.get("to_day").toString());
        answer.put("daysTotal", total);
        answer.put("daysDone", done);
        answer.put("percent", total == 0 ? 100 : Math.floorDiv(done * 100, total));
        answer.put("pointsStored", job.get("points_stored"));
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put("daysObtained", stored);
        coverage.put("gaps", gaps);
        answer.put("coverage", coverage);
        return answer;
    }
}
