package com.fitplatform.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private StepRecorder() {}

    static synchronized void declare(String step, String scenario, String model, String offered) {
        if (!WINDOWS.containsKey(step)) {
            WINDOWS.put(step, new Window(scenario, model, offered));
            ORDER.add(step);
        }
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

    /** One JSON object per step, in run order: {"step":..,"firstSentMs":..,"lastReceivedMs":..,...}. */
    static synchronized void write(Path file) {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < ORDER.size(); i++) {
            String step = ORDER.get(i);
            Window w = WINDOWS.get(step);
            json.append(String.format(
                    Locale.ROOT,
                    "  {\"step\":\"%s\",\"scenario\":\"%s\",\"model\":\"%s\",\"offered\":\"%s\","
                            + "\"sent\":%d,\"received\":%d,\"firstSentMs\":%d,\"lastReceivedMs\":%d}%s%n",
                    step,
                    w.scenario,
                    w.model,
                    w.offered,
                    w.sent.get(),
                    w.received.get(),
                    w.first.get() == Long.MAX_VALUE ? 0 : w.first.get(),
                    w.last.get(),
                    i + 1 < ORDER.size() ? "," : ""));
        }
        json.append("]\n");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, json);
        } catch (IOException e) {
            System.err.println("Cannot write " + file + ": " + e);
        }
    }

    private static final class Window {
        final String scenario;
        final String model;
        final String offered;
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(0);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        Window(String scenario, String model, String offered) {
            this.scenario = scenario;
            this.model = model;
            this.offered = offered;
        }
    }
}
