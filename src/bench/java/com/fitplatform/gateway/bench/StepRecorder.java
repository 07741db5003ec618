package com.fitplatform.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall-clock window of each load step, measured inside the Gatling JVM: when the step's first request
 * was sent and when its last response arrived. Gatling's report gives counts and percentiles per
 * request name, but its requests/s is averaged over the whole run; dividing a step's request count by
 * its own window gives the throughput the gateway actually achieved in that step.
 */
final class StepRecorder {

    private static final Map<String, Window> WINDOWS = new ConcurrentHashMap<>();
    private static final List<String> ORDER = new ArrayList<>();
    private static final Map<String, Queue<Long>> LATENCIES = new ConcurrentHashMap<>();

    private StepRecorder() {}

    /**
     * Declares a step; answers its tag, unique in this run ({@code run} + "s" + its position), which
     * workloads write into what they send so the gateway's database rows can be attributed to it.
     */
    static synchronized String declare(String step, String scenario, String model, String offered, String run) {
        if (!WINDOWS.containsKey(step)) {
            WINDOWS.put(step, new Window(scenario, model, offered, BenchTags.runPrefix(run) + ORDER.size()));
            ORDER.add(step);
        }
        return WINDOWS.get(step).tag;
    }

    static void sent(String step) {
        Window window = WINDOWS.get(step);
        long now = System.currentTimeMillis();
        window.first.accumulateAndGet(now, Math::min);
        window.sent.incrementAndGet();
    }

    static void received(String step) {
        Window window = WINDOWS.get(step);
        long now = System.currentTimeMillis();
        window.last.accumulateAndGet(now, Math::max);
        window.received.incrementAndGet();
    }

    /**
     * A response time in nanoseconds, for figures finer than Gatling's whole milliseconds (the
     * gateway's added latency is a few of them).
     */
    static void latency(String request, long nanos) {
        LATENCIES.computeIfAbsent(request, r -> new ConcurrentLinkedQueue<>()).add(nanos);
    }

    /**
     * Per request name: count and percentiles (nearest rank) of the recorded latencies, in ms with
     * microsecond resolution: {"<name>":{"count":..,"p50":..,"p90":..,"p99":..,"max":..},...}.
     */
    static synchronized void writeLatencies(Path file) {
        StringBuilder json = new StringBuilder("{\n");
        List<String> names = new ArrayList<>(LATENCIES.keySet());
        names.sort(null);
        for (int i = 0; i < names.size(); i++) {
            long[] sorted = LATENCIES.get(names.get(i)).stream()
                    .mapToLong(Long::longValue)
                    .sorted()
                    .toArray();
            json.append(String.format(
                    Locale.ROOT,
                    "  \"%s\":{\"count\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}%s%n",
                    names.get(i),
                    sorted.length,
                    rank(sorted, 0.50),
                    rank(sorted, 0.90),
                    rank(sorted, 0.99),
                    rank(sorted, 1.0),
                    i + 1 < names.size() ? "," : ""));
        }
        writeFile(file, json.append("}\n"));
    }

    private static double rank(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** One JSON object per step, in run order: {"step":..,"firstSentMs":..,"lastReceivedMs":..,...}. */
    static synchronized void write(Path file) {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < ORDER.size(); i++) {
            String step = ORDER.get(i);
            Window w = WINDOWS.get(step);
            json.append(String.format(
                    Locale.ROOT,
                    "  {\"step\":\"%s\",\"scenario\":\"%s\",\"model\":\"%s\",\"offered\":\"%s\",\"tag\":\"%s\","
                            + "\"sent\":%d,\"received\":%d,\"firstSentMs\":%d,\"lastReceivedMs\":%d}%s%n",
                    step,
                    w.scenario,
                    w.model,
                    w.offered,
                    w.tag,
                    w.sent.get(),
                    w.received.get(),
                    w.first.get() == Long.MAX_VALUE ? 0 : w.first.get(),
                    w.last.get(),
                    i + 1 < ORDER.size() ? "," : ""));
        }
        json.append("]\n");
        writeFile(file, json);
    }

    private static void writeFile(Path file, CharSequence content) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, content);
        } catch (IOException e) {
            System.err.println("Cannot write " + file + ": " + e);
        }
    }

    private static final class Window {
        final String scenario;
        final String model;
        final String offered;
        final String tag;
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(0);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        Window(String scenario, String model, String offered, String tag) {
            this.scenario = scenario;
            this.model = model;
            this.offered = offered;
            this.tag = tag;
        }
    }
}
