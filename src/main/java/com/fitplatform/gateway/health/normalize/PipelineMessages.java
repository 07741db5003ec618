package com.fitplatform.gateway.health.normalize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.springframework.stereotype.Component;

/**
 * Bodies of the health pipeline's queues ({@code health.raw}, {@code health.normalized}), compressed
 * as LZ4 frames (the format of the {@code lz4} command line tool). A 1,000-sample batch is about 220
 * KB of JSON, twice that as a JMS text message: over Artemis's 100 KiB large-message threshold, which
 * streams every message through its own file and cost about half of the ingest time. Compressed, the
 * same batch is a regular journal record of a few tens of KB. LZ4 rather than gzip: at gzip's fastest
 * level, compressing and inflating both hops took about a quarter of the gateway's CPU of a HealthKit
 * ingest (sampled with {@code perf}); LZ4 is made for speed rather than ratio, and the batch still
 * fits a regular record. Gzip bodies (queued by an earlier version) and plain text bodies (sent by
 * hand) are still read.
 */
@Component("healthPipelineMessages")
public class PipelineMessages {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    // The LZ4 frame magic number 0x184D2204, little-endian.
    private static final byte[] LZ4_MAGIC = {0x04, 0x22, 0x4d, 0x18};

    /** A message (UTF-8 bytes; Camel converts a text body) as an LZ4 frame. */
    public byte[] pack(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, message.length / 3));
        // 64 KB blocks: the buffers a frame allocates stay small, at a few percent of ratio.
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB)) {
            lz4.write(message);
        }
        return out.toByteArray();
    }

    /** The message bytes of a queued body: an LZ4 frame, gzip, plain UTF-8 bytes or text. */
    public byte[] unpack(Object body) throws IOException {
        if (body instanceof byte[] bytes) {
            if (bytes.length >= LZ4_MAGIC.length
                    && Arrays.equals(bytes, 0, LZ4_MAGIC.length, LZ4_MAGIC, 0, LZ4_MAGIC.length)) {
                return readAll(new LZ4FrameInputStream(new ByteArrayInputStream(bytes)));
            }
            if (bytes.length > 2 && (bytes[0] & 0xff) == GZIP_MAGIC_1 && (bytes[1] & 0xff) == GZIP_MAGIC_2) {
                return readAll(new GZIPInputStream(new ByteArrayInputStream(bytes), 8192));
            }
            return bytes;
        }
        return (body == null ? "" : body.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
