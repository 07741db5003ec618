package com.fitplatform.gateway.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Instant;
import java.time.LocalDate;
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
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < batchSize; i++) {
            if (i > 0) {
                body.append(',');
            }
            long start = now - random.nextLong(10 * 86_400L);
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

    /**
     * One sample. The generator shares the two cores with the gateway, so it avoids what is slow
     * and beside the point here: a version-4 UUID from {@link ThreadLocalRandom} rather than
     * {@code UUID.randomUUID()}'s SecureRandom, and ISO-8601 instants written by hand rather than by
     * the JDK's formatter.
     */
    private static void sample(StringBuilder body, String type, int value, String unit, long start, int seconds) {
        body.append("{\"uuid\":\"")
                .append(randomUuid().toString().toUpperCase(Locale.ROOT))
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"value\":")
                .append(value);
        if (unit != null) {
            body.append(",\"unit\":\"").append(unit).append('"');
        }
        body.append(",\"startDate\":\"");
        instant(body, start);
        body.append("\",\"endDate\":\"");
        instant(body, start + seconds);
        body.append("\",\"device\":\"Apple Watch\",\"sourceName\":\"Bench Apple Watch\"}");
    }

    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xc000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low);
    }

    /** {@code 2026-11-02T08:00:00Z}: what {@code Instant.toString} writes for a whole second. */
    static void instant(StringBuilder body, long epochSecond) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
        int second = (int) Math.floorMod(epochSecond, 86_400L);
        body.append(day).append('T');
        twoDigits(body, second / 3600);
        body.append(':');
        twoDigits(body, second / 60 % 60);
        body.append(':');
        twoDigits(body, second % 60);
        body.append('Z');
    }

    private static void twoDigits(StringBuilder body, int value) {
        body.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    @Override
    public String summary() {
        return "health-ingest: " + batches.get() + " batches of " + batchSize + " samples";
    }
}
