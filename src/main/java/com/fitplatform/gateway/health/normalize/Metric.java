package com.fitplatform.gateway.health.normalize;

import java.util.Locale;
import java.util.Optional;

/**
 * The canonical metrics (fixed in DESIGN.md) with their unit and the plausible range of one point;
 * a value outside it is rejected with the reason recorded.
 */
public enum Metric {
    STEPS("count", 0, 200_000),
    DISTANCE("m", 0, 1_000_000),
    ACTIVE_ENERGY("kcal", 0, 30_000),
    HEART_RATE("bpm", 20, 300),
    RESTING_HEART_RATE("bpm", 20, 250),
    SLEEP_IN_BED("min", 0, 1440),
    SLEEP_AWAKE("min", 0, 1440),
    SLEEP_LIGHT("min", 0, 1440),
    SLEEP_DEEP("min", 0, 1440),
    SLEEP_REM("min", 0, 1440),
    SLEEP_ASLEEP_UNSPECIFIED("min", 0, 1440),
    WEIGHT("kg", 1, 700),
    BODY_FAT("%", 1, 80),
    BLOOD_PRESSURE("mmHg", 40, 300),
    BLOOD_GLUCOSE("mmol/L", 0.5, 50),
    WORKOUT("s", 0, 7 * 86_400);

    private final String unit;
    private final double min;
    private final double max;

    Metric(String unit, double min, double max) {
        this.unit = unit;
        this.min = min;
        this.max = max;
    }

    /** The name in the API and the table: {@code steps}, {@code sleep_deep}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String unit() {
        return unit;
    }

    /** Why this value cannot be true for one point, or empty when it is plausible. */
    public Optional<String> implausible(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.of(id() + " is not a number");
        }
        if (value < min || value > max) {
            return Optional.of(id() + " " + value + " " + unit + " outside " + min + ".." + max);
        }
        return Optional.empty();
    }

    public boolean summed() {
        return this == STEPS
                || this == DISTANCE
                || this == ACTIVE_ENERGY
                || name().startsWith("SLEEP_")
                || this == WORKOUT;
    }

    public static Optional<Metric> byId(String id) {
        for (Metric metric : values()) {
            if (metric.id().equals(id)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }
}
