package com.fitplatform.gateway.health.normalize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.stereotype.Component;

/**
 * Bodies of the health pipeline's queues ({@code health.raw}, {@code health.normalized}), gzipped.
 * A 1,000-sample batch is about 220 KB of JSON, twice that as a JMS text message: over Artemis's
 * 100 KiB large-message threshold, which streams every message through its own file and cost
 * about half of the ingest time. Compressed, the same batch is a regular journal record of a few
 * tens of KB. Plain text bodies (queued by an older version, or sent by hand) are still read.
 */
@Component("healthPipelineMessages")
public class PipelineMessages {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /**
     * A message (UTF-8 bytes; Camel converts a text body) as a gzip body (fastest level: the point
     * is size, not ratio).
     */
    public byte[] pack(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, message.length / 6));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(message);
        }
        return out.toByteArray();
    }

    /** The message bytes of a queued body: gzip, plain UTF-8 bytes or text. */
    public byte[] unpack(Object body) throws IOException {
        if (body instanceof byte[] bytes) {
            if (bytes.length > 2 && (bytes[0] & 0xff) == GZIP_MAGIC_1 && (bytes[1] & 0xff) == GZIP_MAGIC_2) {
                try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes), 8192)) {
                    return gzip.readAllBytes();
                }
            }
            return bytes;
        }
        return (body == null ? "" : body.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
