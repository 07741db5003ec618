package com.fitplatform.gateway.health.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-read instants agree with {@link Instant#parse} on every input, valid or not. */
class JsonInstantTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-03-01T07:00:00Z",
                "2026-03-01T07:00:00.5Z",
                "2026-03-01T07:00:00.123Z",
                "2026-03-01T07:00:00.123456789Z",
                "2026-03-01T07:00:00+03:00",
                "2026-03-01T07:00:00.250-05:30",
                "2024-02-29T23:59:59+18:00",
                "1969-12-31T23:59:59.999999999-18:00",
                "0001-01-01T00:00:00Z",
                // Shapes read by Instant.parse itself.
                "2026-03-01t07:00:00z",
                "+12026-03-01T07:00:00Z",
                "2026-12-31T23:59:60Z",
                "2026-03-01T07:00:00+03:00:30",
                "2026-03-01T24:00:00Z",
                "2026-03-01T07:00:00.Z",
            })
    void shouldReadWhatInstantParseReads(String text) {
        assertThat(Json.instant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T07:00:00Z",
                "2026-13-01T07:00:00Z",
                "2026-03-01T07:60:00Z",
                "2026-03-01T07:00:00",
                "2026-03-01T07:00:00.1234567890Z",
                "2026-03-01T07:00:00+19:00",
                "2026-03-01T07:00:00+18:30",
                "2026-03-01T07:00:00-18:01",
                "2026-03-01T07:00:00+0300",
                "2026-03-01 07:00:00Z",
                "2026-03-01T07:00:0١Z",
                "yesterday",
                "",
            })
    void shouldRefuseWhatInstantParseRefusesWithItsError(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Json.instant(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void shouldAgreeWithInstantParseOnRandomInstantsAndOffsets() {
        Random random = new Random(20261204);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L), 0)
                    .plusNanos(random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = i % 2 == 0
                    ? instant.toString()
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                            instant.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
            assertThat(Json.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    record Point(Instant start, List<Instant> more) {}

    @Test
    void shouldReadPipelineInstantsAsJacksonDoesAndLeaveOtherTokensToIt() throws Exception {
        ObjectMapper jackson =
                JsonMapper.builder().addModule(new JavaTimeModule()).build();
        ObjectMapper fast = jackson.copy().registerModule(Json.fastInstants());
        String json =
                "{\"start\":\"2026-03-01T07:00:00.123+03:00\",\"more\":[\"2026-03-01T07:00:00Z\",1700000000.5,null]}";

        assertThat(fast.readValue(json, Point.class)).isEqualTo(jackson.readValue(json, Point.class));
        assertThatThrownBy(() -> fast.readValue("{\"start\":\"not a time\"}", Point.class))
                .hasMessageContaining("not a time");
    }
}
