package com.fitplatform.gateway.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A recommendation service that answers in a fixed time, for the {@code ai-proxy} benchmark: {@code
 * POST /v1/recommendations/workouts} with the service's wire shape ({@code recommendations[]} of
 * {@code workoutPlanId}, {@code score}, {@code reason}, plus {@code modelVersion}) after {@code
 * --delay-ms}, checking the {@code X-Api-Key}. JDK only, so it starts from the compiled bench classes
 * alone and never shares a JVM (or its garbage collector) with the gateway or Gatling. The fixed delay
 * makes "gateway minus direct" the gateway's own cost.
 *
 * <pre>java -cp target/test-classes com.fitplatform.gateway.bench.FakeRecommendationService \
 *     --port 18090 --delay-ms 20 --api-key sandbox-ai-key [--threads 400] [--seconds 3600]</pre>
 *
 * It stops by itself after {@code --seconds} (a benchmark never leaves it behind for long).
 */
public final class FakeRecommendationService {

    // Plans of the gateway's catalogue (config/ai.yaml), so answers look like the real service's.
    private static final String ANSWER = "{\"recommendations\":["
            + "{\"workoutPlanId\":\"wp-yoga-30\",\"score\":0.97,\"reason\":\"model: similar users progressed\"},"
            + "{\"workoutPlanId\":\"wp-mobility-15\",\"score\":0.86,\"reason\":\"model: fits the time available\"},"
            + "{\"workoutPlanId\":\"wp-swim-40\",\"score\":0.75,\"reason\":\"model: low impact, same goal\"}"
            + "],\"modelVersion\":\"bench-fixed-delay\"}";

    private FakeRecommendationService() {}

    public static void main(String[] args) throws Exception {
        // The JDK server leaves Nagle's algorithm on: the answer's body then waits for the client's
        // delayed ACK of its headers (about 40 ms on Linux over a kept-alive connection), which real
        // HTTP servers avoid by setting TCP_NODELAY. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(option(args, "--port", "18090"));
        long delayMs = Long.parseLong(option(args, "--delay-ms", "20"));
        String apiKey = option(args, "--api-key", "sandbox-ai-key");
        int threads = Integer.parseInt(option(args, "--threads", "400"));
        long seconds = Long.parseLong(option(args, "--seconds", "3600"));

        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        // One thread per request in flight: the delay is a sleep, so the pool bounds the concurrency
        // (400 threads x 1000/20 ms = 20,000 answers/s, far above what the machine offers).
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(pool);
        server.createContext("/v1/recommendations/workouts", exchange -> {
            try {
                handle(exchange, apiKey, delayMs, answer);
            } finally {
                exchange.close();
            }
        });
        server.createContext("/health", exchange -> {
            drain(exchange.getRequestBody());
            send(exchange, 200, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        System.out.println("fake recommendation service on 127.0.0.1:" + port + ", answers after " + delayMs + " ms");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        server.stop(0);
        pool.shutdownNow();
    }

    private static void handle(HttpExchange exchange, String apiKey, long delayMs, byte[] answer) throws IOException {
        long arrived = System.nanoTime();
        drain(exchange.getRequestBody());
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "{\"error\":\"method_not_allowed\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!apiKey.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            send(exchange, 401, "{\"error\":\"invalid_api_key\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        long remaining = TimeUnit.MILLISECONDS.toNanos(delayMs) - (System.nanoTime() - arrived);
        if (remaining > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        send(exchange, 200, answer);
    }

    private static void drain(InputStream body) throws IOException {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
