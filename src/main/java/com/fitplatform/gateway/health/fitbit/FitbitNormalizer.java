package com.fitplatform.gateway.health.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.normalize.Json;
import com.fitplatform.gateway.health.normalize.Metric;
import com.fitplatform.gateway.health.normalize.PointSink;
import com.fitplatform.gateway.health.normalize.ProviderNormalizer;
import com.fitplatform.gateway.health.normalize.UnitConversions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Fitbit Web API payloads: activity time series (values are strings), heart (resting rate and
 * optional intraday dataset), sleep 1.2 (stages or classic summary) and weight logs. Dates and
 * times are the user's local time: {@code options.utcOffsetSeconds} places them on the time line.
 * Distances arrive in km (metric) or mi (en_US), weights in kg or lb: {@code options.unitSystem}.
 */
@Component
public class FitbitNormalizer implements ProviderNormalizer {

    public static final String PROVIDER = "fitbit";

    private static final Map<String, Metric> SLEEP_LEVELS = Map.of(
            "deep", Metric.SLEEP_DEEP,
            "light", Metric.SLEEP_LIGHT,
            "rem", Metric.SLEEP_REM,
            "wake", Metric.SLEEP_AWAKE,
            "awake", Metric.SLEEP_AWAKE,
            "restless", Metric.SLEEP_AWAKE,
            "asleep", Metric.SLEEP_ASLEEP_UNSPECIFIED);

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void normalize(String kind, JsonNode payload, JsonNode options, PointSink sink) {
        ZoneOffset offset = Json.offset(options);
        boolean imperial = "en_US".equals(options.path("unitSystem").asText());
        switch (kind) {
            case "steps" -> daily(payload.path("activities-steps"), Metric.STEPS, "count", "steps", offset, sink);
            case "distance" -> daily(
                    payload.path("activities-distance"),
                    Metric.DISTANCE,
                    imperial ? "mi" : "km",
                    "distance",
                    offset,
                    sink);
            case "heart" -> heart(payload, offset, sink);
            case "sleep" -> sleep(payload, offset, sink);
            case "weight" -> weight(payload, offset, imperial, sink);
            default -> sink.unknown("fitbit/" + kind, kind + "-" + sink.receivedAt(), payload);
        }
    }

    private void daily(JsonNode series, Metric metric, String unit, String name, ZoneOffset offset, PointSink sink) {
        for (JsonNode day : series) {
            String date = day.path("dateTime").asText();
            Double original = Json.number(day.path("value"));
            Instant start = Json.startOfDay(date, offset);
            PointSink.Builder point = sink.point(metric, name + ":" + date).payload(day);
            if (original != null) {
                point.value(
                        UnitConversions.to(original, unit, metric.unit()),
                        day.path("value").asText(),
                        unit);
            }
            point.time(start, start.plus(Duration.ofDays(1))).add();
        }
    }

    private void heart(JsonNode payload, ZoneOffset offset, PointSink sink) {
        for (JsonNode day : payload.path("activities-heart")) {
            String date = day.path("dateTime").asText();
            JsonNode resting = day.path("value").path("restingHeartRate");
            if (!resting.isMissingNode()) {
                Instant start = Json.startOfDay(date, offset);
                sink.point(Metric.RESTING_HEART_RATE, "resting:" + date)
                        .time(start, start.plus(Duration.ofDays(1)))
                        .value(Json.number(resting), resting.asText(), "bpm")
                        .payload(day)
                        .add();
            }
        }
        JsonNode intraday = payload.path("activities-heart-intraday");
        if (!intraday.isMissingNode()) {
            String date =
                    payload.path("activities-heart").path(0).path("dateTime").asText(null);
            if (date == null) {
                sink.unknown("fitbit/heart-intraday", "no-date-" + sink.receivedAt(), intraday);
                return;
            }
            for (JsonNode sample : intraday.path("dataset")) {
                Instant at = LocalDate.parse(date)
                        .atTime(LocalTime.parse(sample.path("time").asText()))
                        .toInstant(offset);
                sink.point(
                                Metric.HEART_RATE,
                                "hr:" + date + "T" + sample.path("time").asText())
                        .time(at, at)
                        .value(
                                Json.number(sample.path("value")),
                                sample.path("value").asText(),
                                "bpm")
                        .payload(sample)
                        .add();
            }
        }
    }

    private void sleep(JsonNode payload, ZoneOffset offset, PointSink sink) {
        for (JsonNode log : payload.path("sleep")) {
            String logId = log.path("logId").asText();
            Instant start = Json.local(log.path("startTime").asText(), offset);
            Instant end = Json.local(log.path("endTime").asText(), offset);
            JsonNode inBed = log.path("timeInBed");
            if (!inBed.isMissingNode()) {
                sink.point(Metric.SLEEP_IN_BED, logId)
                        .time(start, end)
                        .value(inBed.asDouble(), inBed.asText(), "min")
                        .detail("dateOfSleep", Json.text(log.path("dateOfSleep")))
                        .payload(log)
                        .add();
            }
            log.path("levels").path("summary").fields().forEachRemaining(level -> {
                Metric metric = SLEEP_LEVELS.get(level.getKey());
                if (metric == null) {
                    sink.unknown(
                            "fitbit/sleep-level/" + level.getKey(), logId + ":" + level.getKey(), level.getValue());
                    return;
                }
                JsonNode minutes = level.getValue().path("minutes");
                sink.point(metric, logId + ":" + level.getKey())
                        .time(start, end)
                        .value(minutes.asDouble(), minutes.asText(), "min")
                        .detail("dateOfSleep", Json.text(log.path("dateOfSleep")))
                        .payload(level.getValue())
                        .add();
            });
        }
    }

    private void weight(JsonNode payload, ZoneOffset offset, boolean imperial, PointSink sink) {
        String unit = imperial ? "lb" : "kg";
        for (JsonNode log : payload.path("weight")) {
            String logId = log.path("logId").asText();
            Instant at = LocalDate.parse(log.path("date").asText())
                    .atTime(LocalTime.parse(log.path("time").asText("00:00:00")))
                    .toInstant(offset);
            Double weight = Json.number(log.path("weight"));
            PointSink.Builder point = sink.point(Metric.WEIGHT, logId)
                    .time(at, at)
                    .payload(log)
                    .detail("source", Json.text(log.path("source")));
            if (weight != null) {
                point.value(
                        UnitConversions.to(weight, unit, "kg"),
                        log.path("weight").asText(),
                        unit);
            }
            point.add();
            if (log.has("fat")) {
                sink.point(Metric.BODY_FAT, logId)
                        .time(at, at)
                        .value(Json.number(log.path("fat")), log.path("fat").asText(), "%")
                        .payload(log)
                        .add();
            }
        }
    }
}
