package com.fitplatform.gateway.health.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.resilience.ProviderAnswered;
import com.fitplatform.gateway.common.scheduling.ClusterJobs;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.HealthConnections;
import com.fitplatform.gateway.health.connect.NeedsReconsent;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sync jobs: {@code initial} (the last 90 days) or {@code incremental} (since the last synced day).
 * Each step fetches the next run of pending days and hands the raw payloads to the pipeline; the
 * store marks the days stored. A rate limit or an outage does not fail the job: the next step is a
 * scheduled message for the reset (or after the outage back-off), and because the days' state is in
 * the database a restarted gateway continues where it stopped.
 */
@Component("healthSync")
public class HealthSync {

    /** Header: "true" when another step must be queued for this job. */
    public static final String CONTINUE = "GatewayHealthSyncContinue";
    /** Header: epoch millis before which the next step must not run (Artemis scheduled delivery). */
    public static final String RESUME_AT = "GatewayHealthSyncResumeAt";

    private static final Logger log = LoggerFactory.getLogger(HealthSync.class);

    private final Map<String, ProviderFetcher> fetchers;
    private final SyncJobs jobs;
    private final HealthConnections connections;
    private final HealthProperties properties;
    private final ClusterJobs clusterJobs;
    private final ObjectMapper json;

    private final List<CallbackPuller> pullers;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    public HealthSync(
            List<ProviderFetcher> fetchers,
            List<CallbackPuller> pullers,
            SyncJobs jobs,
            HealthConnections connections,
            HealthProperties properties,
            ClusterJobs clusterJobs,
            ObjectMapper json,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.fetchers = fetchers.stream().collect(Collectors.toMap(ProviderFetcher::provider, Function.identity()));
        this.pullers = pullers;
        this.jobs = jobs;
        this.connections = connections;
        this.properties = properties;
        this.clusterJobs = clusterJobs;
        this.json = json;
    }

    /** {@code POST /api/health/sync}: validates, creates the job; the body becomes the job id to queue. */
    public Map<String, Object> request(String body, Exchange exchange) throws Exception {
        JsonNode request;
        try {
            request = json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Body is not JSON");
        }
        String userId = request.path("userId").asText("");
        String provider = request.path("provider").asText("");
        String mode = request.path("mode").asText("initial");
        if (userId.isBlank() || userId.length() > 100) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "userId is required (at most 100 characters)");
        }
        if (!fetchers.containsKey(provider)) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    "provider must be one of " + fetchers.keySet()
                            + " (apple-health and health-connect data is pushed by the apps)");
        }
        if (!mode.equals("initial") && !mode.equals("incremental")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "mode is initial or incremental");
        }
        UUID id = create(userId, provider, mode);
        exchange.getMessage().setHeader("GatewayHealthJobId", id.toString());
        Map<String, Object> answer = new LinkedHashMap<>(jobs.status(id));
        return answer;
    }

    UUID create(String userId, String provider, String mode) {
        List<Map<String, Object>> connection = connections.connected(provider).stream()
                .filter(row -> userId.equals(row.get("user_id")))
                .toList();
        if (connection.isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "User has no active " + provider + " connection");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(properties.initialDays() - 1L);
        if (mode.equals("incremental")) {
            Object last = connection.get(0).get("last_synced_day");
            LocalDate since = last == null ? today.minusDays(1) : ((Date) last).toLocalDate();
            from = since.isBefore(today.minusDays(properties.maxIncrementalDays()))
                    ? today.minusDays(properties.maxIncrementalDays())
                    : since;
        }
        UUID id = jobs.create(userId, provider, mode, from, today);
        int limit = fetchers.get(provider).historyLimitDays();
        if (limit != Integer.MAX_VALUE) {
            List<LocalDate> beyond = new ArrayList<>();
            for (LocalDate day = from; day.isBefore(today.minusDays(limit - 1L)); day = day.plusDays(1)) {
                beyond.add(day);
            }
            jobs.markDays(id, beyond, "gap", "provider_history_limit");
        }
        return id;
    }

    /**
     * A 401 means the provider stopped accepting the access token before its stated expiry
     * (revoked, or rotated by another client): refresh it once and ask again. A refused refresh is
     * {@link NeedsReconsent}; a second 401 is a refusal of the range like any other.
     */
    private ProviderFetcher.Fetch fetchRefreshingOnce(
            ProviderFetcher fetcher, String userId, String provider, List<LocalDate> days) throws Exception {
        try {
            return fetcher.fetch(userId, days.get(0), days.get(days.size() - 1));
        } catch (ProviderAnswered refused) {
            if (refused.status() != 401) {
                throw refused;
            }
            connections.refreshNow(userId, provider);
            return fetcher.fetch(userId, days.get(0), days.get(days.size() - 1));
        }
    }

    /** One step of a job (the body is the job id); returns the raw message to queue, or null. */
    public String step(String jobId, Exchange exchange) throws Exception {
        exchange.getMessage().setHeader(CONTINUE, "false");
        if (jobId.trim().startsWith("{")) {
            // A pull announced by a provider ping (Garmin): fetch it now, after the ping was answered.
            JsonNode pull = json.readTree(jobId);
            return pullers.isEmpty() ? null : pullers.get(0).pull(pull);
        }
        UUID id = UUID.fromString(jobId.trim());
        Map<String, Object> job = jobs.job(id);
        if (job == null || "completed".equals(job.get("state")) || "failed".equals(job.get("state"))) {
            return null;
        }
        String userId = (String) job.get("user_id");
        String provider = (String) job.get("provider");
        ProviderFetcher fetcher = fetchers.get(provider);
        List<LocalDate> days = jobs.nextPendingDays(id, fetcher.daysPerRequest());
        if (days.isEmpty()) {
            // Days handed to the pipeline but never stored (a lost hand-off) are fetched again.
            if (jobs.resetStaleFetched(
                            id, Instant.now().minus(properties.outageBackoff().multipliedBy(5)))
                    > 0) {
                return continueAt(exchange, Instant.now(), null);
            }
            jobs.completeIfDone(id);
            if (jobs.count(id, "fetched") > 0) {
                return continueAt(exchange, Instant.now().plus(properties.outageBackoff()), null);
            }
            return null;
        }
        ProviderFetcher.Fetch fetch;
        try {
            fetch = fetchRefreshingOnce(fetcher, userId, provider, days);
        } catch (NeedsReconsent e) {
            jobs.setState(id, "failed", "needs_reconsent", null);
            jobs.markDays(id, jobs.nextPendingDays(id, 100_000), "gap", "needs_reconsent");
            return null;
        } catch (HealthConnections.NotConnected e) {
            jobs.setState(id, "failed", "not_connected", null);
            return null;
        } catch (ProviderAnswered e) {
            // A definite refusal of this range: recorded as a gap, the job goes on.
            jobs.markDays(id, days, "gap", "provider_refused_" + e.status());
            return continueAt(exchange, Instant.now(), null);
        } catch (Exception outage) {
            Instant resume = Instant.now().plus(properties.outageBackoff());
            log.warn(
                    "Health sync job {} paused: {} unavailable ({})",
                    id,
                    provider,
                    outage.getClass().getSimpleName());
            jobs.setState(id, "paused", "provider_unavailable", resume);
            return continueAt(exchange, resume, null);
        }
        if (fetch.rateLimitedUntil() != null) {
            Instant resume = fetch.rateLimitedUntil().plus(properties.rateLimitSlack());
            jobs.setState(id, "waiting_rate_limit", "rate_limit", resume);
            return continueAt(exchange, resume, null);
        }
        jobs.markDays(id, days, "fetched", null);
        if (fetch.notBefore() != null) {
            jobs.setState(
                    id, "waiting_rate_limit", "rate_limit", fetch.notBefore().plus(properties.rateLimitSlack()));
        } else {
            jobs.setState(id, "running", null, null);
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("provider", provider);
        raw.put("userId", userId);
        raw.put("jobId", id.toString());
        raw.put("days", days.stream().map(LocalDate::toString).toList());
        raw.put("receivedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        raw.put("parts", fetch.parts());
        Instant next =
                fetch.notBefore() == null ? Instant.now() : fetch.notBefore().plus(properties.rateLimitSlack());
        return continueAt(exchange, next, json.writeValueAsString(raw));
    }

    private static String continueAt(Exchange exchange, Instant at, String raw) {
        exchange.getMessage().setHeader(CONTINUE, "true");
        exchange.getMessage().setHeader(RESUME_AT, at.toEpochMilli());
        return raw;
    }

    /** The daily incremental sync of every connection, once across instances; the ids to queue. */
    public List<String> daily() {
        List<String> ids = new ArrayList<>();
        String runKey = LocalDate.now(ZoneOffset.UTC).toString();
        clusterJobs.runOnce("health-daily-sync", runKey, () -> {
            for (Map<String, Object> connection : connections.connected(null)) {
                String provider = (String) connection.get("provider");
                if (fetchers.containsKey(provider)) {
                    ids.add(create((String) connection.get("user_id"), provider, "incremental")
                            .toString());
                }
            }
            return ids.size() + " incremental sync jobs started";
        });
        return ids;
    }

    /**
     * Jobs whose next step is overdue by {@code resume-stalled-after} (its message was lost: dead
     * lettered while consumers stopped, or a crash between database and broker): claimed by one
     * instance (the update is the claim) and queued again. The days' state makes this safe.
     */
    public List<String> stalled() {
        return jdbc.queryForList(
                "update health_sync_job set updated_at = now() where state in ('running', 'paused', 'waiting_rate_limit')"
                        + " and greatest(coalesce(resume_at, updated_at), updated_at) < now() - make_interval(secs => ?)"
                        + " returning id::text",
                String.class,
                properties.resumeStalledAfter().toMillis() / 1000.0);
    }

    /** A sync job for the days a provider notification names (Fitbit subscriptions). */
    public String notified(String userId, String provider, LocalDate day) {
        return jobs.create(userId, provider, "notification", day, day).toString();
    }
}
