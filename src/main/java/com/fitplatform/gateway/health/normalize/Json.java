package com.fitplatform.gateway.health.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
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

    /**
     * An ISO-8601 instant as {@link Instant#parse} reads it ({@code 2026-03-01T07:00:00Z},
     * {@code 2026-03-01T07:00:00.123+03:00}). The usual shapes are read by hand: {@code Instant.parse}
     * goes through a formatter that sat under 30 % of the CPU samples of a HealthKit ingest. Anything else (other
     * shapes, out-of-range fields, leap seconds) is left to {@code Instant.parse}, with its errors.
     */
    public static Instant instant(String text) {
        Instant fast = text == null ? null : isoInstant(text);
        return fast != null ? fast : Instant.parse(text);
    }

    private static Instant isoInstant(String t) {
        int n = t.length();
        if (n < 20
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(t.charAt(i))) {
                nanos = nanos * 10 + (t.charAt(i++) - '0');
            }
            if (i == start || (i < n && isDigit(t.charAt(i)))) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int offsetHours = digits(t, i + 1, 2);
            int offsetMinutes = digits(t, i + 4, 2);
            // ZoneOffset's range: at most 18:00 either way.
            if (offsetHours < 0
                    || offsetMinutes < 0
                    || offsetMinutes > 59
                    || offsetHours * 60 + offsetMinutes > 18 * 60) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (t.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(
                    epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Jackson reads instants of the health pipeline's messages with {@link #instant}; any other
     * token (a number, an empty string) goes to Jackson's own instant deserializer.
     */
    public static SimpleModule fastInstants() {
        return new SimpleModule("fast-instants").addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (parser.hasToken(JsonToken.VALUE_STRING)) {
                    String text = parser.getText().trim();
                    if (!text.isEmpty()) {
                        try {
                            return instant(text);
                        } catch (DateTimeException e) {
                            return (Instant) context.handleWeirdStringValue(Instant.class, text, e.getMessage());
                        }
                    }
                }
                return InstantDeserializer.INSTANT.deserialize(parser, context);
            }
        });
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
