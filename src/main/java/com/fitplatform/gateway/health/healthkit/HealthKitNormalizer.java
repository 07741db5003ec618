package com.fitplatform.gateway.health.healthkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.normalize.Json;
import com.fitplatform.gateway.health.normalize.Metric;
import com.fitplatform.gateway.health.normalize.PointSink;
import com.fitplatform.gateway.health.normalize.ProviderNormalizer;
import com.fitplatform.gateway.health.normalize.UnitConversions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * HealthKit samples as the iOS app sends them: {@code uuid}, {@code type} (HealthKit identifier),
 * {@code value}, {@code unit} (HKUnit string), {@code startDate}/{@code endDate} (ISO-8601), optional
 * {@code device}/{@code sourceName}. Sleep analysis values: inBed 0, asleepUnspecified 1, awake 2,
 * asleepCore 3, asleepDeep 4, asleepREM 5. Percentages in HealthKit are fractions (0.21 = 21 %).
 */
@Component
public class HealthKitNormalizer implements ProviderNormalizer {

    public static final String PROVIDER = "apple-health";

    private static final Map<String, Metric> QUANTITIES = Map.of(
            "HKQuantityTypeIdentifierStepCount", Metric.STEPS,
            "HKQuantityTypeIdentifierDistanceWalkingRunning", Metric.DISTANCE,
            "HKQuantityTypeIdentifierActiveEnergyBurned", Metric.ACTIVE_ENERGY,
            "HKQuantityTypeIdentifierHeartRate", Metric.HEART_RATE,
            "HKQuantityTypeIdentifierRestingHeartRate", Metric.RESTING_HEART_RATE,
            "HKQuantityTypeIdentifierBodyMass", Metric.WEIGHT,
            "HKQuantityTypeIdentifierBodyFatPercentage", Metric.BODY_FAT,
            "HKQuantityTypeIdentifierBloodGlucose", Metric.BLOOD_GLUCOSE);

    private static final Metric[] SLEEP = {
        Metric.SLEEP_IN_BED,
        Metric.SLEEP_ASLEEP_UNSPECIFIED,
        Metric.SLEEP_AWAKE,
        Metric.SLEEP_LIGHT,
        Metric.SLEEP_DEEP,
        Metric.SLEEP_REM
    };

    public static final String SLEEP_TYPE = "HKCategoryTypeIdentifierSleepAnalysis";
    public static final String BLOOD_PRESSURE_TYPE = "HKCorrelationTypeIdentifierBloodPressure";
    public static final String WORKOUT_TYPE = "HKWorkoutTypeIdentifier";

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Whether samples of this HealthKit type become points (others are kept raw as unknown). */
    public static boolean knows(String type) {
        return QUANTITIES.containsKey(type)
                || SLEEP_TYPE.equals(type)
                || BLOOD_PRESSURE_TYPE.equals(type)
                || WORKOUT_TYPE.equals(type);
    }

    @Override
    public void normalize(String kind, JsonNode payload, JsonNode options, PointSink sink) {
        JsonNode samples = payload.has("samples") ? payload.path("samples") : payload;
        for (JsonNode sample : samples) {
            sample(sample, sink);
        }
    }

    /** The HKUnit strings the app may send, as the conversion table names them. */
    private static String unit(String hkUnit) {
        if (hkUnit == null) {
            return null;
        }
        return switch (hkUnit) {
            case "count/min", "count/s" -> "count/min";
            case "mg/dL" -> "mg/dl";
            case "mmol<180.1558800000541>/L", "mmol/L" -> "mmol/l";
            case "Cal" -> "kcal";
            default -> hkUnit;
        };
    }

    private void sample(JsonNode s, PointSink sink) {
        String uuid = s.path("uuid").asText();
        String type = s.path("type").asText();
        Instant start = Json.instant(s.path("startDate").asText());
        Instant end = s.hasNonNull("endDate") ? Json.instant(s.path("endDate").asText()) : start;
        String device = Optional.ofNullable(Json.text(s.path("device"))).orElse(Json.text(s.path("sourceName")));
        Metric metric = QUANTITIES.get(type);
        if (metric != null) {
            double value = s.path("value").asDouble();
            String unit = unit(Json.text(s.path("unit")));
            if (metric == Metric.BODY_FAT && "%".equals(unit)) {
                value = value * 100.0;
            }
            Optional<Double> canonical = UnitConversions.convert(value, unit, metric.unit());
            if (canonical.isEmpty()) {
                sink.reject(
                        metric.id(), uuid, "unit " + s.path("unit").asText() + " is not a unit of " + metric.id(), s);
                return;
            }
            sink.point(metric, uuid)
                    .time(start, end)
                    .value(
                            canonical.get(),
                            s.path("value").asText(),
                            s.path("unit").asText())
                    .device(device)
                    .payload(s)
                    .add();
            return;
        }
        switch (type) {
            case SLEEP_TYPE -> {
                int category = s.path("value").asInt(-1);
                if (category < 0 || category >= SLEEP.length) {
                    sink.unknown(SLEEP_TYPE + "/" + s.path("value").asText(), uuid, s);
                    return;
                }
                sink.point(SLEEP[category], uuid)
                        .time(start, end)
                        .value(
                                Duration.between(start, end).toSeconds() / 60.0,
                                s.path("value").asText(),
                                "HKCategoryValueSleepAnalysis")
                        .device(device)
                        .payload(s)
                        .add();
            }
            case BLOOD_PRESSURE_TYPE -> sink.point(Metric.BLOOD_PRESSURE, uuid)
                    .time(start, end)
                    .value(
                            s.path("systolic").asDouble(),
                            s.path("systolic").asText() + "/"
                                    + s.path("diastolic").asText(),
                            "mmHg")
                    .value2(s.path("diastolic").asDouble())
                    .device(device)
                    .payload(s)
                    .add();
            case WORKOUT_TYPE -> {
                Double energy = Json.number(s.path("totalEnergyBurned"));
                Double distance = Json.number(s.path("totalDistance"));
                double duration = s.has("duration")
                        ? s.path("duration").asDouble()
                        : Duration.between(start, end).toSeconds();
                sink.point(Metric.WORKOUT, uuid)
                        .time(start, end)
                        .value(duration, String.valueOf(duration), "s")
                        .device(device)
                        .detail("type", Json.text(s.path("workoutActivityType")))
                        .detail(
                                "energyKcal",
                                energy == null
                                        ? null
                                        : UnitConversions.convert(
                                                        energy,
                                                        unit(s.path("energyUnit")
                                                                .asText("kcal")),
                                                        "kcal")
                                                .orElse(null))
                        .detail(
                                "distanceM",
                                distance == null
                                        ? null
                                        : UnitConversions.convert(
                                                        distance,
                                                        s.path("distanceUnit").asText("m"),
                                                        "m")
                                                .orElse(null))
                        .payload(s)
                        .add();
            }
            default -> sink.unknown(type, uuid, s);
        }
    }
}
