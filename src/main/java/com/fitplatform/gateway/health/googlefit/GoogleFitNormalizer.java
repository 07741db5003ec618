package com.fitplatform.gateway.health.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.normalize.Json;
import com.fitplatform.gateway.health.normalize.Metric;
import com.fitplatform.gateway.health.normalize.PointSink;
import com.fitplatform.gateway.health.normalize.ProviderNormalizer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Google Fit {@code dataset:aggregate} answers: {@code bucket[].dataset[].point[]} with
 * {@code startTimeNanos}/{@code endTimeNanos} as strings (int64 in JSON) and {@code value[]} holding
 * {@code intVal} or {@code fpVal}. Summary types carry [average, max, min].
 */
@Component
public class GoogleFitNormalizer implements ProviderNormalizer {

    public static final String PROVIDER = "google-fit";

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void normalize(String kind, JsonNode payload, JsonNode options, PointSink sink) {
        for (JsonNode bucket : payload.path("bucket")) {
            for (JsonNode dataset : bucket.path("dataset")) {
                String dataSourceId = dataset.path("dataSourceId").asText();
                for (JsonNode point : dataset.path("point")) {
                    point(dataSourceId, point, sink);
                }
            }
        }
        // Raw dataset reads (users.dataSources.datasets.get) have point[] at the top.
        for (JsonNode point : payload.path("point")) {
            point(payload.path("dataSourceId").asText(), point, sink);
        }
    }

    private void point(String dataSourceId, JsonNode point, PointSink sink) {
        String type = point.path("dataTypeName").asText();
        Instant start = Json.nanos(Json.int64(point.path("startTimeNanos")));
        Instant end = Json.nanos(Json.int64(point.path("endTimeNanos")));
        String recordId = dataSourceId + "|" + point.path("startTimeNanos").asText();
        String origin = Json.text(point.path("originDataSourceId"));
        Instant modified = point.has("modifiedTimeMillis")
                ? Instant.ofEpochMilli(Json.int64(point.path("modifiedTimeMillis")))
                : null;
        JsonNode values = point.path("value");
        switch (type) {
            case "com.google.step_count.delta" -> simple(
                    sink, Metric.STEPS, recordId, start, end, values.path(0), "count", origin, modified, point);
            case "com.google.distance.delta" -> simple(
                    sink, Metric.DISTANCE, recordId, start, end, values.path(0), "m", origin, modified, point);
            case "com.google.calories.expended" -> simple(
                    sink, Metric.ACTIVE_ENERGY, recordId, start, end, values.path(0), "kcal", origin, modified, point);
            case "com.google.heart_rate.bpm" -> simple(
                    sink, Metric.HEART_RATE, recordId, start, end, values.path(0), "bpm", origin, modified, point);
            case "com.google.heart_rate.summary" -> summary(
                    sink, Metric.HEART_RATE, recordId, start, end, values, "bpm", origin, modified, point);
            case "com.google.weight" -> simple(
                    sink, Metric.WEIGHT, recordId, start, end, values.path(0), "kg", origin, modified, point);
            case "com.google.weight.summary" -> summary(
                    sink, Metric.WEIGHT, recordId, start, end, values, "kg", origin, modified, point);
            case "com.google.body.fat.percentage" -> simple(
                    sink, Metric.BODY_FAT, recordId, start, end, values.path(0), "%", origin, modified, point);
            case "com.google.body.fat.percentage.summary" -> summary(
                    sink, Metric.BODY_FAT, recordId, start, end, values, "%", origin, modified, point);
            case "com.google.blood_glucose" -> simple(
                    sink,
                    Metric.BLOOD_GLUCOSE,
                    recordId,
                    start,
                    end,
                    values.path(0),
                    "mmol/L",
                    origin,
                    modified,
                    point);
            case "com.google.blood_pressure" -> sink.point(Metric.BLOOD_PRESSURE, recordId)
                    .time(start, end)
                    .value(number(values.path(0)), values.path(0).toString(), "mmHg")
                    .value2(number(values.path(1)))
                    .device(origin)
                    .updatedAt(modified)
                    .payload(point)
                    .add();
            case "com.google.sleep.segment" -> sleep(
                    sink, recordId, start, end, values.path(0), origin, modified, point);
            default -> sink.unknown(type.isEmpty() ? "google-fit/unknown" : type, recordId, point);
        }
    }

    private static Double number(JsonNode value) {
        if (value.has("fpVal")) {
            return Json.number(value.path("fpVal"));
        }
        return Json.number(value.path("intVal"));
    }

    private void simple(
            PointSink sink,
            Metric metric,
            String recordId,
            Instant start,
            Instant end,
            JsonNode value,
            String unit,
            String origin,
            Instant modified,
            JsonNode point) {
        sink.point(metric, recordId)
                .time(start, end)
                .value(number(value), value.toString(), unit)
                .device(origin)
                .updatedAt(modified)
                .payload(point)
                .add();
    }

    private void summary(
            PointSink sink,
            Metric metric,
            String recordId,
            Instant start,
            Instant end,
            JsonNode values,
            String unit,
            String origin,
            Instant modified,
            JsonNode point) {
        sink.point(metric, recordId)
                .time(start, end)
                .value(number(values.path(0)), values.path(0).toString(), unit)
                .detail("aggregate", "average")
                .detail("max", number(values.path(1)))
                .detail("min", number(values.path(2)))
                .device(origin)
                .updatedAt(modified)
                .payload(point)
                .add();
    }

    /** Sleep segment types: 1 awake, 2 sleep, 3 out of bed, 4 light, 5 deep, 6 REM. */
    private void sleep(
            PointSink sink,
            String recordId,
            Instant start,
            Instant end,
            JsonNode value,
            String origin,
            Instant modified,
            JsonNode point) {
        int stage = value.path("intVal").asInt();
        Metric metric =
                switch (stage) {
                    case 1 -> Metric.SLEEP_AWAKE;
                    case 2 -> Metric.SLEEP_ASLEEP_UNSPECIFIED;
                    case 4 -> Metric.SLEEP_LIGHT;
                    case 5 -> Metric.SLEEP_DEEP;
                    case 6 -> Metric.SLEEP_REM;
                    default -> null;
                };
        if (metric == null) {
            sink.unknown("com.google.sleep.segment/" + stage, recordId, point);
            return;
        }
        double minutes = Duration.between(start, end).toSeconds() / 60.0;
        sink.point(metric, recordId)
                .time(start, end)
                .value(minutes, String.valueOf(stage), "sleep.segment")
                .device(origin)
                .updatedAt(modified)
                .payload(point)
                .add();
    }
}
