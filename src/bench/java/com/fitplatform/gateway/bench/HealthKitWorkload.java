package com.fitplatform.gateway.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code health-ingest}: HealthKit batches as the iOS app pushes them, {@code POST
 * /api/health/apple-health/samples} with {@code {userId, samples[]}} of {@code batchSize} samples
 * ({@code uuid}, {@code type}, {@code value}, {@code unit}, {@code startDate}, {@code endDate}, {@code
 * device}, {@code sourceName}), each sample with a new UUID so every one becomes a stored point. The
 * mix is a watch day: step counts, heart rate, active energy, walking distance and sleep stages, all
 * plausible (none rejected), spread over the last ten days. Checked: 202 and every sample accepted.
 * The user ids carry the step's tag, so the points each step stored can be counted in {@code
 * health_metrics}.
 */
final class HealthKitWorkload implements Workload {

    static final int USERS_PER_STEP = 50;

    private final int batchSize;
    private final String token;
    private final AtomicLong batches = new AtomicLong();

    HealthKitWorkload(String token, int batchSize) {
        this.token = token;
        this.batchSize = batchSize;
    }

    @Override
    public ChainBuilder call(String stepName, String tag) {
        return exec(session -> session.set("batch", batch(tag)))
                .exec(http(stepName)
                        .post("/api/health/apple-health/samples")
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("X-Request-Id", "#{requestId}")
                        .body(StringBody(session -> session.getString("batch")))
                        .check(status().is(202))
                        .check(jmesPath("accepted").is(String.valueOf(batchSize))));
    }

    private String batch(String tag) {
        long n = batches.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder body = new StringBuilder(batchSize * 260);
        body.append("{\"userId\":\"")
                .append(BenchTags.healthUserPrefix(tag))
                .append(n % USERS_PER_STEP)
                .append("\",\"samples\":[");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < batchSize; i++) {
            if (i > 0) {
                body.append(',');
            }
            Instant start = now.minusSeconds(random.nextLong(10 * 86_400L));
            int kind = i % 20;
            if (kind < 8) {
                sample(body, "HKQuantityTypeIdentifierStepCount", random.nextInt(20, 1500), "count", start, 600);
            } else if (kind < 14) {
                sample(body, "HKQuantityTypeIdentifierHeartRate", random.nextInt(52, 170), "count/min", start, 0);
            } else if (kind < 17) {
                sample(body, "HKQuantityTypeIdentifierActiveEnergyBurned", random.nextInt(1, 90), "kcal", start, 600);
            } else if (kind < 19) {
                sample(
                        body,
                        "HKQuantityTypeIdentifierDistanceWalkingRunning",
                        random.nextInt(10, 1200),
                        "m",
                        start,
                        600);
            } else {
                // asleepCore 3, asleepDeep 4, asleepREM 5 (HKCategoryValueSleepAnalysis)
                sample(body, "HKCategoryTypeIdentifierSleepAnalysis", random.nextInt(3, 6), null, start, 1800);
            }
        }
        return body.append("]}").toString();
    }

    private static void sample(StringBuilder body, String type, int value, String unit, Instant start, int seconds) {
        body.append("{\"uuid\":\"")
                .append(UUID.randomUUID().toString().toUpperCase(Locale.ROOT))
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"value\":")
                .append(value);
        if (unit != null) {
            body.append(",\"unit\":\"").append(unit).append('"');
        }
        body.append(",\"startDate\":\"")
                .append(start)
                .append("\",\"endDate\":\"")
                .append(start.plusSeconds(seconds))
                .append("\",\"device\":\"Apple Watch\",\"sourceName\":\"Bench Apple Watch\"}");
    }

    @Override
    public String summary() {
        return "health-ingest: " + batches.get() + " batches of " + batchSize + " samples";
    }
}
