package com.fitplatform.gateway.health.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Queue bodies of the health pipeline: compressed below Artemis's large-message size, read back intact. */
class PipelineMessagesTest {

    private final PipelineMessages messages = new PipelineMessages();

    @Test
    void shouldPackAThousandSampleBatchBelowTheLargeMessageSizeAndReadItBack() throws Exception {
        StringBuilder json = new StringBuilder("{\"userId\":\"u1\",\"samples\":[");
        for (int i = 0; i < 1000; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"uuid\":\"")
                    .append(UUID.randomUUID())
                    .append("\",\"type\":\"HKQuantityTypeIdentifierStepCount\",\"value\":")
                    .append(10 + i % 50)
                    .append(",\"unit\":\"count\",\"startDate\":\"2026-11-02T08:")
                    .append(String.format("%02d", i % 60))
                    .append(":00Z\",\"device\":\"Apple Watch – Ünïcode\"}");
        }
        json.append("]}");

        byte[] message = json.toString().getBytes(StandardCharsets.UTF_8);

        byte[] packed = messages.pack(message);

        assertThat(packed.length).isLessThan(100 * 1024);
        assertThat(packed).startsWith(0x04, 0x22, 0x4d, 0x18); // an LZ4 frame, as the lz4 tool writes it
        assertThat(messages.unpack(packed)).isEqualTo(message);
    }

    @Test
    void shouldReadGzipBodiesQueuedByTheEarlierVersion() throws Exception {
        byte[] message =
                "{\"provider\":\"apple-health\",\"userId\":\"u1\",\"parts\":[]}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(message);
        }

        assertThat(messages.unpack(gzipped.toByteArray())).isEqualTo(message);
    }

    @Test
    void shouldRefuseATruncatedFrameInsteadOfReturningPartOfTheMessage() throws Exception {
        byte[] packed =
                messages.pack("{\"userId\":\"u1\",\"samples\":[]}".repeat(100).getBytes(StandardCharsets.UTF_8));

        byte[] truncated = Arrays.copyOf(packed, packed.length - 6);

        assertThatThrownBy(() -> messages.unpack(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void shouldReadPlainTextAndUtf8BodiesQueuedWithoutCompression() throws Exception {
        byte[] utf8 = "{\"ä\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(messages.unpack("{\"ä\":1}")).isEqualTo(utf8);
        assertThat(messages.unpack(utf8)).isEqualTo(utf8);
    }
}
