package com.fitplatform.gateway.health.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.normalize.Json;
import com.fitplatform.gateway.health.normalize.Metric;
import com.fitplatform.gateway.health.normalize.PointSink;
import com.fitplatform.gateway.health.normalize.ProviderNormalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/**
 * Garmin Health API summaries (push bodies and callback pulls alike): {@code dailies},
 * {@code sleeps}, {@code bodyComps}, {@code activities}. Times are UTC epoch seconds; the
 * {@code ...OffsetInSeconds} field is the user's local offset, kept as a detail. A summary with the
 * same start time replaces the earlier one, so the record id is the summary type, not summaryId
 * (which changes between versions); the start time completes the key.
 */
@Component
public class GarminNormalizer implements ProviderNormalizer {

    public static final String PROVIDER = "garmin";

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void normalize(String kind, JsonNode payload, JsonNode options, PointSink sink) {
        // A part may be the whole body ({"dailies":[...], "sleeps":[...]}) or one list.
        if (payload.isObject()) {
            payload.fields().forEachRemaining(field -> summaries(field.getKey(), field.getValue(), sink));
        } else {
            summaries(kind, payload, sink);
        }
    }

    private void summaries(String type, JsonNode list, PointSink sink) {
        for (JsonNode summary : list) {
            switch (type) {
                case "dailies" -> daily(summary, sink);
                case "sleeps" -> sleep(summary, sink);
                case "bodyComps" -> bodyComp(summary, sink);
                case "activities" -> activity(summary, sink);
                default -> sink.unknown(
                        "garmin/" + type,
                        summary.path("summaryId").asText(String.valueOf(summary.hashCode())),
                        summary);
            }
        }
    }

    private static Instant start(JsonNode summary, String field) {
        Long seconds = Json.int64(summary.path(field));
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    private static Integer offset(JsonNode summary, String field) {
        JsonNode offset = summary.path(field);
        return offset.isMissingNode() ? null : offset.asInt();
    }

    private void daily(JsonNode s, PointSink sink) {
        Instant start = start(s, "startTimeInSeconds");
        Instant end = start == null
                ? null
                : start.plusSeconds(s.path("durationInSeconds").asLong(86_400));
        Integer offset = offset(s, "startTimeOffsetInSeconds");
        String date = Json.text(s.path("calendarDate"));
        add(sink, Metric.STEPS, s, "steps", "count", start, end, offset, date);
        add(sink, Metric.DISTANCE, s, "distanceInMeters", "m", start, end, offset, date);
        add(sink, Metric.ACTIVE_ENERGY, s, "activeKilocalories", "kcal", start, end, offset, date);
        add(sink, Metric.RESTING_HEART_RATE, s, "restingHeartRateInBeatsPerMinute", "bpm", start, end, offset, date);
        if (s.has("averageHeartRateInBeatsPerMinute")) {
            sink.point(Metric.HEART_RATE, "dailies")
                    .time(start, end)
                    .value(
                            s.path("averageHeartRateInBeatsPerMinute").asDouble(),
                            s.path("averageHeartRateInBeatsPerMinute").asText(),
                            "bpm")
                    .detail("aggregate", "average")
                    .detail("min", Json.number(s.path("minHeartRateInBeatsPerMinute")))
                    .detail("max", Json.number(s.path("maxHeartRateInBeatsPerMinute")))
                    .detail("localOffsetSeconds", offset)
                    .detail("calendarDate", date)
                    .payload(s)
                    .add();
        }
    }

    private void add(
            PointSink sink,
            Metric metric,
            JsonNode s,
            String field,
            String unit,
            Instant start,
            Instant end,
            Integer offset,
            String date) {
        if (!s.has(field)) {
            return;
        }
        sink.point(metric, "dailies")
                .time(start, end)
                .value(s.path(field).asDouble(), s.path(field).asText(), unit)
                .detail("localOffsetSeconds", offset)
                .detail("calendarDate", date)
                .detail("summaryId", Json.text(s.path("summaryId")))
                .payload(s)
                .add();
    }

    private void sleep(JsonNode s, PointSink sink) {
        Instant start = start(s, "startTimeInSeconds");
        Instant end = start == null
                ? null
                : start.plusSeconds(s.path("durationInSeconds").asLong());
        Integer offset = offset(s, "startTimeOffsetInSeconds");
        String date = Json.text(s.path("calendarDate"));
        stage(sink, Metric.SLEEP_IN_BED, s, "durationInSeconds", start, end, offset, date);
        stage(sink, Metric.SLEEP_DEEP, s, "deepSleepDurationInSeconds", start, end, offset, date);
        stage(sink, Metric.SLEEP_LIGHT, s, "lightSleepDurationInSeconds", start, end, offset, date);
        stage(sink, Metric.SLEEP_REM, s, "remSleepInSeconds", start, end, offset, date);
        stage(sink, Metric.SLEEP_AWAKE, s, "awakeDurationInSeconds", start, end, offset, date);
    }

    private void stage(
            PointSink sink,
            Metric metric,
            JsonNode s,
            String field,
            Instant start,
            Instant end,
            Integer offset,
            String date) {
        if (!s.has(field)) {
            return;
        }
        sink.point(metric, "sleeps")
                .time(start, end)
                .value(s.path(field).asDouble() / 60.0, s.path(field).asText(), "s")
                .detail("localOffsetSeconds", offset)
                .detail("calendarDate", date)
                .payload(s)
                .add();
    }

    private void bodyComp(JsonNode s, PointSink sink) {
        Instant at = start(s, "measurementTimeInSeconds");
        Integer offset = offset(s, "measurementTimeOffsetInSeconds");
        if (s.has("weightInGrams")) {
            sink.point(Metric.WEIGHT, "bodyComps")
                    .time(at, at)
                    .value(
                            s.path("weightInGrams").asDouble() / 1000.0,
                            s.path("weightInGrams").asText(),
                            "g")
                    .detail("localOffsetSeconds", offset)
                    .payload(s)
                    .add();
        }
        if (s.has("bodyFatInPercent")) {
            sink.point(Metric.BODY_FAT, "bodyComps")
                    .time(at, at)
                    .value(
                            s.path("bodyFatInPercent").asDouble(),
                            s.path("bodyFatInPercent").asText(),
                            "%")
                    .detail("localOffsetSeconds", offset)
                    .payload(s)
                    .add();
        }
    }

    private void activity(JsonNode s, PointSink sink) {
        Instant start = start(s, "startTimeInSeconds");
        long duration = s.path("durationInSeconds").asLong();
        sink.point(Metric.WORKOUT, "activities:" + s.path("summaryId").asText())
                .time(start, start == null ? null : start.plusSeconds(duration))
                .value(duration, String.valueOf(duration), "s")
                .device(Json.text(s.path("deviceName")))
                .detail("type", Json.text(s.path("activityType")))
                .detail("energyKcal", Json.number(s.path("activeKilocalories")))
                .detail("distanceM", Json.number(s.path("distanceInMeters")))
                .detail("localOffsetSeconds", offset(s, "startTimeOffsetInSeconds"))
                .payload(s)
                .add();
    }

    static ZoneOffset zone(Integer offsetSeconds) {
        return ZoneOffset.ofTotalSeconds(offsetSeconds == null ? 0 : offsetSeconds);
    }
}
