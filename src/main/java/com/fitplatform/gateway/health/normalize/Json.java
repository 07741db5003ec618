package com.fitplatform.gateway.health.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Readers for the loose shapes providers use: numbers as strings, int64 as strings, local times. */
public final class Json {

    private Json() {}

    /** A number sent as a JSON number or a string ("8421", Fitbit and int64 fields); null when absent. */
    public static Double number(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        String text = node.asText().trim();
        if (text.isEmpty()) {
            return null;
        }
        return Double.parseDouble(text);
    }

    /** An int64 that may be a JSON string (Google Fit nanos) or number. */
    public static Long int64(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.asLong() : Long.parseLong(node.asText().trim());
    }

    public static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** Nanoseconds since the epoch to an instant. */
    public static Instant nanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** A local date at midnight in the user's offset. */
    public static Instant startOfDay(String date, ZoneOffset offset) {
        return LocalDate.parse(date).atStartOfDay().toInstant(offset);
    }

    /** A local date-time without offset ("2024-03-01T23:10:00.000") in the user's offset. */
    public static Instant local(String dateTime, ZoneOffset offset) {
        return LocalDateTime.parse(dateTime).toInstant(offset);
    }

    /** The user's UTC offset from fetch options ({@code utcOffsetSeconds}), UTC when unknown. */
    public static ZoneOffset offset(JsonNode options) {
        return ZoneOffset.ofTotalSeconds(
                options == null ? 0 : options.path("utcOffsetSeconds").asInt(0));
    }
}
