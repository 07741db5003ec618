package com.fitplatform.gateway.bench;

/**
 * How a step's tag is written into the data it sends, so {@link BenchDatabase} finds that step's rows
 * in the gateway's tables. Free of Gatling types: BenchDatabase runs on the gateway jar's classpath.
 */
final class BenchTags {

    private BenchTags() {}

    /** The run part of a step's tag ({@code <run>s<position>}). */
    static String run(String tag) {
        return tag.replaceAll("s\\d+$", "");
    }

    /** Every step tag of a run begins with this. */
    static String runPrefix(String run) {
        return run + "s";
    }

    /** Stripe event ids of a step (Stripe's own are {@code evt_} and letters and digits). */
    static String eventIdPrefix(String tag) {
        return "evt_" + tag + "_";
    }

    /** Stripe event ids of every step of a run. */
    static String runEventIdPrefix(String run) {
        return "evt_" + runPrefix(run);
    }

    /** User ids of a step's HealthKit batches. */
    static String healthUserPrefix(String tag) {
        return "bench-hk-" + tag + "-";
    }

    /** User ids of the HealthKit batches of every step of a run. */
    static String runHealthUserPrefix(String run) {
        return "bench-hk-" + runPrefix(run);
    }
}
