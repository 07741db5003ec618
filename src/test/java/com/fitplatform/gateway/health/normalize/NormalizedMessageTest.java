package com.fitplatform.gateway.health.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The body of health.normalized: a header line, then the points as rows of COPY's text format. */
class NormalizedMessageTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ObjectReader batches = json.readerFor(NormalizedBatch.class);

    @Test
    void shouldWriteEachPointAsOneEscapedCopyRowAfterTheHeader() throws Exception {
        CanonicalPoint awkward = point(
                "steps",
                "2026-11-02T08:00:00Z",
                1234.0,
                null,
                "Band\\ 7\tPro\nEdition\r – Ünï\tcode",
                Map.of("type", "run"));
        CanonicalPoint pressure = point("blood_pressure", "2026-12-31T23:59:59.123Z", 120.5, 80.0, null, null);
        NormalizedBatch batch = new NormalizedBatch(
                "u1",
                "apple-health",
                "job-1",
                List.of("2026-11-02"),
                List.of(awkward, pressure),
                List.of(new RejectedPoint("heart_rate", "r1", "900 bpm is not plausible", Map.of("value", 900))),
                List.of());

        byte[] message = NormalizedMessage.write(batch, json);

        String[] lines = new String(message, StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).as("the last row ends with a newline").isEmpty();
        assertThat(lines[1].split("\t", -1))
                .containsExactly(
                        "u1",
                        "steps",
                        "2026-11-02T08:00:00Z",
                        "2026-11-02T08:00:00Z",
                        "1234.0",
                        "\\N",
                        "count",
                        "apple-health",
                        "Band\\\\ 7\\tPro\\nEdition\\r – Ünï\\tcode",
                        "rec-steps",
                        "1234",
                        "count",
                        "{\"type\":\"run\"}",
                        "2026-11-03T00:00:00Z");
        assertThat(lines[2].split("\t", -1)[2]).isEqualTo("2026-12-31T23:59:59.123Z");
        assertThat(lines[2].split("\t", -1)[5]).isEqualTo("80.0");
        NormalizedMessage read = NormalizedMessage.read(message, json, batches);
        assertThat(read.header().userId()).isEqualTo("u1");
        assertThat(read.header().jobId()).isEqualTo("job-1");
        assertThat(read.header().days()).containsExactly("2026-11-02");
        assertThat(read.header().rows()).isEqualTo(2);
        assertThat(read.months()).containsExactly(YearMonth.of(2026, 11), YearMonth.of(2026, 12));
        assertThat(read.header().rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("900 bpm is not plausible");
            assertThat(r.payload()).isEqualTo(Map.of("value", 900));
        });
    }

    @Test
    void shouldSplitTheRowsIntoChunksOfAtMostTheGivenSize() throws Exception {
        List<CanonicalPoint> points = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            points.add(point("steps", "2026-11-02T08:0" + i + ":00Z", i, null, "dev\nice", null));
        }
        byte[] message = NormalizedMessage.write(
                new NormalizedBatch("u1", "apple-health", null, List.of(), points, List.of(), List.of()), json);

        List<InputStream> chunks =
                NormalizedMessage.read(message, json, batches).rowChunks(3);

        List<String> texts = new ArrayList<>();
        for (InputStream chunk : chunks) {
            texts.add(new String(chunk.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(texts).extracting(t -> t.split("\n").length).containsExactly(3, 3, 1);
        assertThat(String.join("", texts)).endsWith("\n").doesNotContain("\"rows\"");
    }

    @Test
    void shouldHaveNoRowsForABatchOfRejectionsOnly() throws Exception {
        byte[] message = NormalizedMessage.write(
                new NormalizedBatch(
                        "u1",
                        "fitbit",
                        null,
                        List.of(),
                        List.of(),
                        List.of(new RejectedPoint("steps", "s1", "negative", null)),
                        List.of(new UnknownRecord("fitbit/spo2", "k1", Map.of("a", 1)))),
                json);

        NormalizedMessage read = NormalizedMessage.read(message, json, batches);

        assertThat(read.header().rows()).isZero();
        assertThat(read.rowChunks(1000)).isEmpty();
        assertThat(read.header().unknown())
                .singleElement()
                .extracting(UnknownRecord::type)
                .isEqualTo("fitbit/spo2");
    }

    @Test
    void shouldStillReadTheWholeJsonBatchQueuedByAnEarlierVersion() throws Exception {
        NormalizedBatch batch = new NormalizedBatch(
                "u1",
                "garmin",
                "job-9",
                List.of("2026-10-01"),
                List.of(point("weight", "2026-10-01T06:30:00Z", 71.2, null, null, null)),
                List.of(),
                List.of());
        byte[] earlier = json.writeValueAsBytes(batch);

        NormalizedMessage read = NormalizedMessage.read(earlier, json, batches);

        assertThat(read.header().rows()).isEqualTo(1);
        assertThat(read.header().jobId()).isEqualTo("job-9");
        assertThat(read.months()).containsExactly(YearMonth.of(2026, 10));
        assertThat(new String(read.rowChunks(10).get(0).readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("u1\tweight\t2026-10-01T06:30:00Z\t");
    }

    @Test
    void shouldRefuseAFormatItDoesNotKnow() {
        byte[] message = "{\"format\":\"copy-text/9\",\"rows\":1}\nx\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> NormalizedMessage.read(message, json, batches))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("copy-text/9");
    }

    @Test
    void shouldWriteInstantsAsInstantToStringDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0000 to 9999
            int nanos =
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            NormalizedMessage.RowWriter writer = new NormalizedMessage.RowWriter(64);

            writer.instant(instant);

            assertThat(new String(writer.toByteArray(), StandardCharsets.US_ASCII))
                    .isEqualTo(instant.toString());
        }
        for (Instant edge : List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"))) {
            NormalizedMessage.RowWriter writer = new NormalizedMessage.RowWriter(64);
            writer.instant(edge);
            assertThat(new String(writer.toByteArray(), StandardCharsets.US_ASCII))
                    .isEqualTo(edge.toString());
        }
    }

    private static CanonicalPoint point(
            String metric, String start, double value, Double value2, String device, Map<String, Object> details) {
        Instant at = Instant.parse(start);
        return new CanonicalPoint(
                metric,
                at,
                at,
                value,
                value2,
                metric.equals("blood_pressure") ? "mmHg" : "count",
                "apple-health",
                device,
                "rec-" + metric,
                String.valueOf((long) value),
                metric.equals("blood_pressure") ? "mmHg" : "count",
                details,
                Instant.parse("2026-11-03T00:00:00Z"));
    }
}
