package com.fitplatform.gateway.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Round trips through the gateway at increasing rates, one load step after the other.
 *
 * <ul>
 *   <li>{@code echo-jms}: {@code POST /api/probes/echo} (bearer token) — HTTP in, JMS request/reply on
 *       the embedded Artemis, HTTP out; checks 200 and that the consumer saw the X-Request-Id sent.
 *   <li>{@code http-only}: {@code GET /.well-known/jwks.json} — no JMS, no auth: the HTTP baseline.
 *   <li>{@code auth-only} (optional): {@code GET /api/probes/bench-no-such-probe} with the bearer token —
 *       JWT check and a Camel route answering 404 without touching JMS or the database; separates the
 *       cost of authentication from the cost of JMS in echo-jms.
 * </ul>
 *
 * The integration scenarios, each a {@link Workload} with an unmeasured setup before the first step:
 * {@code sign-in} ({@link SignInWorkload}), {@code webhook-ingest} ({@link StripeWebhookWorkload}),
 * {@code health-ingest} ({@link HealthKitWorkload}), {@code ai-proxy} and {@code ai-fallback} ({@link
 * RecommendationWorkload}). Their setup is sized from the planned arrivals, so they run the open model
 * only. What the gateway did with their requests (events applied, points stored, time spent waiting on
 * the provider) is read from its database afterwards by {@link BenchDatabase}.
 *
 * Per scenario: an optional warm-up (a ramp from 1/s to the warm-up rate), a closed-model step ({@code constantConcurrentUsers}), then
 * open-model steps ({@code constantUsersPerSec} at each rate for a fixed time, each after a short
 * pause), from the lowest rate to the highest. Every step is its own
 * Gatling scenario with its own request name ("echo-jms open 200/s"), chained with {@code andThen},
 * so the report's statistics (js/stats.js) hold count, errors and percentiles per step;
 * {@link StepRecorder} writes each step's wall-clock window for the achieved throughput.
 *
 * <p>System properties: gateway.url (http://127.0.0.1:18081), gateway.token (needed by echo-jms and
 * auth-only), bench.scenarios (echo-jms,http-only), bench.model (both | open | closed), bench.rates
 * (50,100,200,400,800 users/s), bench.stepSeconds (20), bench.warmupSeconds (10, 0 = none),
 * bench.warmupRate (50), bench.closedUsers (16), bench.closedSeconds (30), bench.pauseSeconds (3,
 * before each open step), bench.shareConnections
 * (true: one keep-alive pool for all virtual users, like a client behind a pooled proxy; false: a
 * new connection per virtual user), bench.stepsFile (target/gatling/bench-steps.json),
 * bench.latencyFile (target/gatling/bench-latency.json, microsecond latencies where a workload
 * records them), bench.gatewayPid and bench.clockTicks (the gateway's process on this machine and
 * CLK_TCK: its CPU time used by the steps, the setup excluded, goes to bench.cpuFile); for the
 * integration scenarios bench.signInSubjects (8 distinct Google accounts), bench.stripeWebhookSecret
 * (whsec_sandbox_secret, the sandbox's), bench.duplicateEvery (10: every 10th webhook is a resend),
 * bench.healthBatchSize (1000 samples), bench.aiServiceUrl (the fake recommendation service, for the
 * direct calls) and bench.aiApiKey (sandbox-ai-key).
 */
public class GatewayRoundTripSimulation extends Simulation {

    static final String ECHO = "echo-jms";
    static final String HTTP_ONLY = "http-only";
    static final String AUTH_ONLY = "auth-only";
    static final String SIGN_IN = "sign-in";
    static final String WEBHOOK_INGEST = "webhook-ingest";
    static final String HEALTH_INGEST = "health-ingest";
    static final String AI_PROXY = "ai-proxy";
    static final String AI_FALLBACK = "ai-fallback";
    static final List<String> ROUND_TRIPS = List.of(ECHO, HTTP_ONLY, AUTH_ONLY);

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String baseUrl = System.getProperty("gateway.url", "http://127.0.0.1:18081");
    private final String token = System.getProperty("gateway.token", "");
    private final List<String> scenarios = csv(System.getProperty("bench.scenarios", ECHO + "," + HTTP_ONLY));
    private final String model = System.getProperty("bench.model", "both");
    private final List<Integer> rates = csv(System.getProperty("bench.rates", "50,100,200,400,800")).stream()
            .map(Integer::parseInt)
            .toList();
    private final int stepSeconds = Integer.getInteger("bench.stepSeconds", 20);
    private final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 10);
    private final int warmupRate = Integer.getInteger("bench.warmupRate", 50);
    private final int closedUsers = Integer.getInteger("bench.closedUsers", 16);
    private final int closedSeconds = Integer.getInteger("bench.closedSeconds", 30);
    private final int pauseSeconds = Integer.getInteger("bench.pauseSeconds", 3);
    private final boolean shareConnections = Boolean.parseBoolean(System.getProperty("bench.shareConnections", "true"));
    private final Path stepsFile = Path.of(System.getProperty("bench.stepsFile", "target/gatling/bench-steps.json"));
    private final Path latencyFile =
            Path.of(System.getProperty("bench.latencyFile", "target/gatling/bench-latency.json"));
    private final String runTag = UUID.randomUUID().toString().replace("-", "").substring(0, 6);

    private final Map<String, Workload> workloads = Map.of(
            SIGN_IN,
            new SignInWorkload(baseUrl, Integer.getInteger("bench.signInSubjects", 8)),
            WEBHOOK_INGEST,
            new StripeWebhookWorkload(
                    baseUrl,
                    token,
                    System.getProperty("bench.stripeWebhookSecret", "whsec_sandbox_secret"),
                    Integer.getInteger("bench.duplicateEvery", 10)),
            HEALTH_INGEST,
            new HealthKitWorkload(token, Integer.getInteger("bench.healthBatchSize", 1000)),
            AI_PROXY,
            new RecommendationWorkload(
                    token,
                    System.getProperty("bench.aiServiceUrl", "http://127.0.0.1:18090"),
                    System.getProperty("bench.aiApiKey", "sandbox-ai-key"),
                    false),
            AI_FALLBACK,
            new RecommendationWorkload(token, "", System.getProperty("bench.aiApiKey", "sandbox-ai-key"), true));
    // Virtual users each workload's steps will start, for its setup.
    private final Map<String, Long> arrivals = new HashMap<>();
    // The gateway's process, when on this machine: its CPU time is read after the setup and at the end.
    private final long gatewayPid = Long.getLong("bench.gatewayPid", 0L);
    private final int clockTicks = Integer.getInteger("bench.clockTicks", 100);
    private final Path cpuFile = Path.of(System.getProperty("bench.cpuFile", "target/gatling/bench-cpu.json"));
    private long cpuAfterSetupMs = -1;

    {
        for (String name : scenarios) {
            if (!ROUND_TRIPS.contains(name) && !workloads.containsKey(name)) {
                throw new IllegalArgumentException("bench.scenarios: unknown scenario " + name);
            }
            if (!name.equals(HTTP_ONLY) && !name.equals(SIGN_IN) && token.isBlank()) {
                throw new IllegalArgumentException(name + " needs -Dgateway.token=<service JWT>");
            }
        }
        if (!List.of("both", "open", "closed").contains(model)) {
            throw new IllegalArgumentException("bench.model is both, open or closed");
        }

        HttpProtocolBuilder protocol =
                http.baseUrl(baseUrl).acceptHeader("application/json").userAgentHeader("gateway-bench/gatling");
        if (shareConnections) {
            protocol = protocol.shareConnections();
        }

        List<PopulationBuilder> steps = new ArrayList<>();
        for (String name : scenarios) {
            boolean workload = workloads.containsKey(name);
            if (warmupSeconds > 0) {
                steps.add(step(name, "warmup", warmupRate + "/s", false, warmupRate, warmupSeconds));
                arrivals.merge(name, (long) warmupRate * warmupSeconds, Long::sum);
            }
            // The closed model first: the open steps end past saturation, and an overloaded gateway
            // needs a while to drain its backlog.
            if (!model.equals("open") && !workload) {
                steps.add(step(name, "closed", closedUsers + " users", true, closedUsers, closedSeconds));
            }
            if (!model.equals("closed") || workload) {
                for (int rate : rates) {
                    steps.add(step(name, "open", rate + "/s", false, rate, stepSeconds));
                    arrivals.merge(name, (long) rate * stepSeconds, Long::sum);
                }
            }
        }
        // One step after the other: each starts when every virtual user of the previous one is done.
        PopulationBuilder chain = steps.get(steps.size() - 1);
        for (int i = steps.size() - 2; i >= 0; i--) {
            chain = steps.get(i).andThen(chain);
        }
        setUp(chain).protocols(protocol);
    }

    @Override
    public void before() {
        for (String name : scenarios) {
            Workload workload = workloads.get(name);
            if (workload != null) {
                long started = System.nanoTime();
                try {
                    workload.prepare(arrivals.getOrDefault(name, 0L));
                } catch (Exception e) {
                    throw new IllegalStateException(name + ": setup failed: " + e.getMessage(), e);
                }
                System.out.printf("%s: setup done in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
            }
        }
        cpuAfterSetupMs = gatewayCpuMs();
    }

    @Override
    public void after() {
        StepRecorder.write(stepsFile);
        StepRecorder.writeLatencies(latencyFile);
        long cpuAtEndMs = gatewayCpuMs();
        if (cpuAfterSetupMs >= 0 && cpuAtEndMs >= 0) {
            try {
                Files.writeString(cpuFile, "{\"stepsCpuMs\":" + (cpuAtEndMs - cpuAfterSetupMs) + "}\n");
            } catch (IOException e) {
                System.err.println("Cannot write " + cpuFile + ": " + e);
            }
        } else if (gatewayPid > 0) {
            System.err.println("Cannot read the CPU time of process " + gatewayPid);
        }
        for (String name : scenarios) {
            Workload workload = workloads.get(name);
            if (workload != null && !workload.summary().isEmpty()) {
                System.out.println(workload.summary());
            }
        }
    }

    /** User plus system CPU time of the gateway's process so far, in ms; -1 when unknown. */
    private long gatewayCpuMs() {
        if (gatewayPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(gatewayPid), "stat"));
            // Fields after the command name (which may hold spaces) start at its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / clockTicks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private PopulationBuilder step(
            String scenarioName, String model, String offered, boolean closed, int load, int seconds) {
        String stepName = scenarioName + " " + model + " " + offered;
        String tag = StepRecorder.declare(stepName, scenarioName, model, offered, runTag);
        Workload workload = workloads.get(scenarioName);
        ChainBuilder call = exec(session -> {
                    StepRecorder.sent(stepName);
                    return session.set("requestId", "bench-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID());
                })
                .exec(workload != null ? workload.call(stepName, tag) : exec(request(scenarioName, stepName)))
                .exec(session -> {
                    StepRecorder.received(stepName);
                    return session;
                });
        var scenario = scenario(stepName).exec(call);
        if (closed) {
            return scenario.injectClosed(constantConcurrentUsers(load).during(seconds));
        }
        if (model.equals("warmup")) {
            // A ramp: a cold JVM (interpreted code, JIT busy) offered the full rate at once answers
            // in seconds, which opens the AI breaker for the whole warm-up and more.
            return scenario.injectOpen(rampUsersPerSec(1).to(load).during(seconds));
        }
        // A short pause before each open step lets the previous step's stragglers finish.
        return pauseSeconds > 0
                ? scenario.injectOpen(
                        nothingFor(pauseSeconds), constantUsersPerSec(load).during(seconds))
                : scenario.injectOpen(constantUsersPerSec(load).during(seconds));
    }

    private HttpRequestActionBuilder request(String scenarioName, String stepName) {
        if (scenarioName.equals(ECHO)) {
            return http(stepName)
                    .post("/api/probes/echo")
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", "#{requestId}")
                    .body(StringBody("{\"label\":\"bench\",\"requestId\":\"#{requestId}\",\"n\":42}"))
                    .check(status().is(200))
                    .check(jmesPath("requestIdSeenByConsumer").isEL("#{requestId}"));
        }
        if (scenarioName.equals(AUTH_ONLY)) {
            return http(stepName)
                    .get("/api/probes/bench-no-such-probe")
                    .header("Authorization", "Bearer " + token)
                    .header("X-Request-Id", "#{requestId}")
                    .check(status().is(404))
                    .check(jmesPath("requestId").isEL("#{requestId}"));
        }
        return http(stepName)
                .get("/.well-known/jwks.json")
                .header("X-Request-Id", "#{requestId}")
                .check(status().is(200))
                .check(header("X-Request-Id").isEL("#{requestId}"))
                .check(jmesPath("keys[0].kty").exists());
    }

    private static List<String> csv(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
