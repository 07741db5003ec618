package com.fitplatform.gateway.health.healthconnect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.normalize.Json;
import com.fitplatform.gateway.health.normalize.Metric;
import com.fitplatform.gateway.health.normalize.PointSink;
import com.fitplatform.gateway.health.normalize.ProviderNormalizer;
import com.fitplatform.gateway.health.normalize.UnitConversions;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Health Connect records as the Android app serializes them (Jetpack record classes):
 * {@code recordType} (StepsRecord...), {@code metadata.id}, {@code metadata.lastModifiedTime},
 * {@code metadata.device}, times as ISO-8601, quantities as {@code {"inKilograms": 72.1}} style
 * (the unit in the key) or {@code {"value": 160, "unit": "lb"}}. Sleep stages: 1 awake, 2 sleeping,
 * 3 out of bed, 4 light, 5 deep, 6 REM, 7 awake in bed.
 */
@Component
public class HealthConnectNormalizer implements ProviderNormalizer {

    public static final String PROVIDER = "health-connect";

    private static final Map<String, String> UNIT_KEYS = Map.ofEntries(
            Map.entry("inMeters", "m"),
            Map.entry("inKilometers", "km"),
            Map.entry("inMiles", "mi"),
            Map.entry("inKilocalories", "kcal"),
            Map.entry("inCalories", "cal"),
            Map.entry("inKilojoules", "kj"),
            Map.entry("inKilograms", "kg"),
            Map.entry("inGrams", "g"),
            Map.entry("inPounds", "lb"),
            Map.entry("inMillimolesPerLiter", "mmol/l"),
            Map.entry("inMilligramsPerDeciliter", "mg/dl"),
            Map.entry("inMillimetersOfMercury", "mmhg"));

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void normalize(String kind, JsonNode payload, JsonNode options, PointSink sink) {
        JsonNode records = payload.has("records") ? payload.path("records") : payload;
        for (JsonNode record : records) {
            record(record, sink);
        }
    }

    private record Quantity(double value, String unit, String original) {}

    private static final java.util.Set<String> RECORD_TYPES = java.util.Set.of(
            "StepsRecord",
            "DistanceRecord",
            "ActiveCaloriesBurnedRecord",
            "WeightRecord",
            "BloodGlucoseRecord",
            "BodyFatRecord",
            "RestingHeartRateRecord",
            "HeartRateRecord",
            "BloodPressureRecord",
            "SleepSessionRecord",
            "ExerciseSessionRecord");

    /** Whether records of this type become points (others are kept raw as unknown). */
    public static boolean knows(String recordType) {
        return RECORD_TYPES.contains(recordType);
    }

    /** Reads {@code {"inKilograms": 72.1}} or {@code {"value": 160, "unit": "lb"}}. */
    private static Quantity quantity(JsonNode node) {
        if (node.isNumber()) {
            return new Quantity(node.asDouble(), null, node.asText());
        }
        if (node.has("value")) {
            return new Quantity(
                    node.path("value").asDouble(),
                    node.path("unit").asText(null),
                    node.path("value").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String unit = UNIT_KEYS.get(field.getKey());
            if (unit != null) {
                return new Quantity(
                        field.getValue().asDouble(), unit, field.getValue().asText());
            }
        }
        return null;
    }

    private void record(JsonNode r, PointSink sink) {
        String type = r.path("recordType").asText();
        JsonNode metadata = r.path("metadata");
        String id = metadata.path("id").asText();
        Instant modified = metadata.hasNonNull("lastModifiedTime")
                ? Json.instant(metadata.path("lastModifiedTime").asText())
                : null;
        JsonNode deviceNode = metadata.path("device");
        String device = deviceNode.isMissingNode()
                ? null
                : (deviceNode.path("manufacturer").asText("") + " "
                                + deviceNode.path("model").asText(""))
                        .trim();
        Instant start = r.hasNonNull("startTime")
                ? Json.instant(r.path("startTime").asText())
                : r.hasNonNull("time") ? Json.instant(r.path("time").asText()) : null;
        Instant end = r.hasNonNull("endTime") ? Json.instant(r.path("endTime").asText()) : start;
        switch (type) {
            case "StepsRecord" -> sink.point(Metric.STEPS, id)
                    .time(start, end)
                    .value(r.path("count").asDouble(), r.path("count").asText(), "count")
                    .device(device)
                    .updatedAt(modified)
                    .payload(r)
                    .add();
            case "DistanceRecord" -> quantityPoint(
                    sink, Metric.DISTANCE, id, start, end, r.path("distance"), device, modified, r);
            case "ActiveCaloriesBurnedRecord" -> quantityPoint(
                    sink, Metric.ACTIVE_ENERGY, id, start, end, r.path("energy"), device, modified, r);
            case "WeightRecord" -> quantityPoint(
                    sink, Metric.WEIGHT, id, start, end, r.path("weight"), device, modified, r);
            case "BloodGlucoseRecord" -> quantityPoint(
                    sink, Metric.BLOOD_GLUCOSE, id, start, end, r.path("level"), device, modified, r);
            case "BodyFatRecord" -> sink.point(Metric.BODY_FAT, id)
                    .time(start, end)
                    .value(
                            r.path("percentage")
                                    .path("value")
                                    .asDouble(r.path("percentage").asDouble()),
                            r.path("percentage").toString(),
                            "%")
                    .device(device)
                    .updatedAt(modified)
                    .payload(r)
                    .add();
            case "RestingHeartRateRecord" -> sink.point(Metric.RESTING_HEART_RATE, id)
                    .time(start, end)
                    .value(
                            r.path("beatsPerMinute").asDouble(),
                            r.path("beatsPerMinute").asText(),
                            "bpm")
                    .device(device)
                    .updatedAt(modified)
                    .payload(r)
                    .add();
            case "HeartRateRecord" -> {
                for (JsonNode sample : r.path("samples")) {
                    Instant at = Json.instant(sample.path("time").asText());
                    sink.point(Metric.HEART_RATE, id + "@" + at)
                            .time(at, at)
                            .value(
                                    sample.path("beatsPerMinute").asDouble(),
                                    sample.path("beatsPerMinute").asText(),
                                    "bpm")
                            .device(device)
                            .updatedAt(modified)
                            .payload(sample)
                            .add();
                }
            }
            case "BloodPressureRecord" -> {
                Quantity systolic = quantity(r.path("systolic"));
                Quantity diastolic = quantity(r.path("diastolic"));
                sink.point(Metric.BLOOD_PRESSURE, id)
                        .time(start, end)
                        .value(
                                systolic == null ? Double.NaN : systolic.value(),
                                (systolic == null ? "?" : systolic.original()) + "/"
                                        + (diastolic == null ? "?" : diastolic.original()),
                                "mmHg")
                        .value2(diastolic == null ? Double.NaN : diastolic.value())
                        .device(device)
                        .updatedAt(modified)
                        .payload(r)
                        .add();
            }
            case "SleepSessionRecord" -> {
                sink.point(Metric.SLEEP_IN_BED, id)
                        .time(start, end)
                        .value(Duration.between(start, end).toSeconds() / 60.0, null, "session")
                        .device(device)
                        .updatedAt(modified)
                        .payload(r)
                        .add();
                for (JsonNode stage : r.path("stages")) {
                    Instant from = Json.instant(stage.path("startTime").asText());
                    Instant to = Json.instant(stage.path("endTime").asText());
                    Metric metric =
                            switch (stage.path("stage").asInt()) {
                                case 1, 7 -> Metric.SLEEP_AWAKE;
                                case 2 -> Metric.SLEEP_ASLEEP_UNSPECIFIED;
                                case 4 -> Metric.SLEEP_LIGHT;
                                case 5 -> Metric.SLEEP_DEEP;
                                case 6 -> Metric.SLEEP_REM;
                                default -> null;
                            };
                    if (metric == null) {
                        sink.unknown(
                                "SleepSessionRecord/stage/"
                                        + stage.path("stage").asText(),
                                id + "@" + from,
                                stage);
                        continue;
                    }
                    sink.point(metric, id + "@" + from)
                            .time(from, to)
                            .value(
                                    Duration.between(from, to).toSeconds() / 60.0,
                                    stage.path("stage").asText(),
                                    "SleepStage")
                            .device(device)
                            .updatedAt(modified)
                            .payload(stage)
                            .add();
                }
            }
            case "ExerciseSessionRecord" -> sink.point(Metric.WORKOUT, id)
                    .time(start, end)
                    .value(Duration.between(start, end).toSeconds(), null, "s")
                    .detail("type", Json.text(r.path("exerciseType")))
                    .device(device)
                    .updatedAt(modified)
                    .payload(r)
                    .add();
            default -> sink.unknown(type, id, r);
        }
    }

    private void quantityPoint(
            PointSink sink,
            Metric metric,
            String id,
            Instant start,
            Instant end,
            JsonNode node,
            String device,
            Instant modified,
            JsonNode r) {
        Quantity quantity = quantity(node);
        if (quantity == null || quantity.unit() == null) {
            sink.reject(metric.id(), id, "no readable quantity with a unit", r);
            return;
        }
        var canonical = UnitConversions.convert(quantity.value(), quantity.unit(), metric.unit());
        if (canonical.isEmpty()) {
            sink.reject(metric.id(), id, "unit " + quantity.unit() + " is not a unit of " + metric.id(), r);
            return;
        }
        sink.point(metric, id)
                .time(start, end)
                .value(canonical.get(), quantity.original(), quantity.unit())
                .device(device)
                .updatedAt(modified)
                .payload(r)
                .add();
    }
}
