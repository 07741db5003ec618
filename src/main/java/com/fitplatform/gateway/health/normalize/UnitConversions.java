package com.fitplatform.gateway.health.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Conversions from the units providers send to the canonical ones. Factors are exact definitions
 * (1 lb = 0.45359237 kg, 1 mi = 1609.344 m, 1 kcal = 4.184 kJ) except glucose, where the clinical
 * convention mg/dL / 18.0 = mmol/L is used.
 */
public final class UnitConversions {

    private record Conversion(String canonical, double factor) {}

    private static final Map<String, Conversion> TABLE = Map.ofEntries(
            Map.entry("kg", new Conversion("kg", 1.0)),
            Map.entry("g", new Conversion("kg", 0.001)),
            Map.entry("lb", new Conversion("kg", 0.45359237)),
            Map.entry("lbs", new Conversion("kg", 0.45359237)),
            Map.entry("st", new Conversion("kg", 6.35029318)),
            Map.entry("m", new Conversion("m", 1.0)),
            Map.entry("km", new Conversion("m", 1000.0)),
            Map.entry("mi", new Conversion("m", 1609.344)),
            Map.entry("ft", new Conversion("m", 0.3048)),
            Map.entry("kcal", new Conversion("kcal", 1.0)),
            Map.entry("cal", new Conversion("kcal", 0.001)),
            Map.entry("kj", new Conversion("kcal", 1 / 4.184)),
            Map.entry("mmol/l", new Conversion("mmol/L", 1.0)),
            Map.entry("mg/dl", new Conversion("mmol/L", 1 / 18.0)),
            Map.entry("count", new Conversion("count", 1.0)),
            Map.entry("bpm", new Conversion("bpm", 1.0)),
            Map.entry("count/min", new Conversion("bpm", 1.0)),
            Map.entry("mmhg", new Conversion("mmHg", 1.0)),
            Map.entry("%", new Conversion("%", 1.0)),
            Map.entry("min", new Conversion("min", 1.0)),
            Map.entry("s", new Conversion("s", 1.0)),
            Map.entry("ms", new Conversion("s", 0.001)));

    private UnitConversions() {}

    /** The value in {@code canonicalUnit}, or empty when the unit is unknown or measures something else. */
    public static Optional<Double> convert(double value, String unit, String canonicalUnit) {
        if (unit == null) {
            return Optional.empty();
        }
        Conversion conversion = TABLE.get(unit.trim().toLowerCase(Locale.ROOT));
        if (conversion == null || !conversion.canonical().equals(canonicalUnit)) {
            return Optional.empty();
        }
        return Optional.of(value * conversion.factor());
    }

    /** Like {@link #convert} but for a unit the caller already knows is right. */
    public static double to(double value, String unit, String canonicalUnit) {
        return convert(value, unit, canonicalUnit)
                .orElseThrow(() -> new IllegalArgumentException("No conversion from " + unit + " to " + canonicalUnit));
    }
}
