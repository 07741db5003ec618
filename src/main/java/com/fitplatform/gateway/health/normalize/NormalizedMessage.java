package com.fitplatform.gateway.health.normalize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code health.normalized}: one JSON line saying what the points are ({@link Header}:
 * user, provider, sync job and days, how many rows, which months they fall in, rejected points,
 * unknown records), then the canonical points as rows of PostgreSQL's {@code COPY} text format, in
 * {@link #COLUMNS} order. The store streams the rows into {@code COPY} as they are: a batch of 1,000
 * points written as JSON, parsed back and written again as rows took a third of the gateway's CPU of
 * a HealthKit ingest. A body without the format marker is the JSON {@link NormalizedBatch} queued by
 * an earlier version, and is still read.
 */
public final class NormalizedMessage {

    /** The columns of a row, as {@code COPY ... (COLUMNS) FROM STDIN} names them. */
    public static final String COLUMNS = "user_id, metric, start_time, end_time, value, value2, unit, provider, device,"
            + " source_record_id, original_value, original_unit, details, source_updated_at";

    static final String FORMAT = "copy-text/1";
    private static final byte NEWLINE = '\n';
    private static final long SECONDS_PER_DAY = 86_400;

    /** What the first line says of the rows after it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Header(
            String format,
            String userId,
            String provider,
            String jobId,
            List<String> days,
            int rows,
            List<String> months,
            List<RejectedPoint> rejected,
            List<UnknownRecord> unknown) {

        public Header {
            days = days == null ? List.of() : days;
            months = months == null ? List.of() : months;
            rejected = rejected == null ? List.of() : rejected;
            unknown = unknown == null ? List.of() : unknown;
        }
    }

    private final Header header;
    private final byte[] body;
    private final int rowsFrom;

    private NormalizedMessage(Header header, byte[] body, int rowsFrom) {
        this.header = header;
        this.body = body;
        this.rowsFrom = rowsFrom;
    }

    /** The message of a normalized batch: its header line, then one COPY row per point. */
    public static byte[] write(NormalizedBatch batch, ObjectMapper json) throws JsonProcessingException {
        Set<String> months = new TreeSet<>();
        long monthSeen = Long.MIN_VALUE;
        for (CanonicalPoint point : batch.points()) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(point.start().getEpochSecond(), SECONDS_PER_DAY));
            long month = day.getYear() * 12L + day.getMonthValue();
            if (month != monthSeen) {
                months.add(YearMonth.from(day).toString());
                monthSeen = month;
            }
        }
        Header header = new Header(
                FORMAT,
                batch.userId(),
                batch.provider(),
                batch.jobId(),
                batch.days(),
                batch.points().size(),
                List.copyOf(months),
                batch.rejected(),
                batch.unknown());
        RowWriter rows = new RowWriter(256 + batch.points().size() * 192);
        rows.raw(json.writeValueAsBytes(header));
        rows.raw(NEWLINE);
        for (CanonicalPoint point : batch.points()) {
            rows.row(batch.userId(), point, json);
        }
        return rows.toByteArray();
    }

    /** Reads a message; {@code batches} reads the whole-JSON body of an earlier version. */
    public static NormalizedMessage read(byte[] body, ObjectMapper json, ObjectReader batches) throws IOException {
        int newline = indexOf(body, NEWLINE, 0);
        int headerEnd = newline < 0 ? body.length : newline;
        Header header = json.readValue(body, 0, headerEnd, Header.class);
        if (FORMAT.equals(header.format())) {
            return new NormalizedMessage(header, body, Math.min(body.length, headerEnd + 1));
        }
        if (header.format() != null) {
            throw new IllegalArgumentException("Unknown normalized message format " + header.format());
        }
        return read(write(batches.readValue(body), json), json, batches);
    }

    public Header header() {
        return header;
    }

    /** The months (UTC) that the rows' start times fall in. */
    public List<YearMonth> months() {
        return header.months().stream().map(YearMonth::parse).toList();
    }

    /** All rows, as one stream for {@code COPY FROM STDIN}. */
    public InputStream rows() {
        return new ByteArrayInputStream(body, rowsFrom, body.length - rowsFrom);
    }

    /** The rows in chunks of at most {@code maxRows}, each a stream for {@code COPY FROM STDIN}. */
    public List<InputStream> rowChunks(int maxRows) {
        if (header.rows() <= maxRows) {
            return rowsFrom < body.length ? List.of(rows()) : List.of();
        }
        List<InputStream> chunks = new ArrayList<>();
        int from = rowsFrom;
        int rows = 0;
        for (int i = rowsFrom; i < body.length; i++) {
            if (body[i] == NEWLINE && ++rows == maxRows) {
                chunks.add(new ByteArrayInputStream(body, from, i + 1 - from));
                from = i + 1;
                rows = 0;
            }
        }
        if (from < body.length) {
            chunks.add(new ByteArrayInputStream(body, from, body.length - from));
        }
        return chunks;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Rows in COPY's text format: tab-separated, {@code \N} for null, backslash escapes for the
     * backslash, tab, newline and carriage return, UTF-8. Written straight into one byte buffer.
     */
    static final class RowWriter {
        private byte[] buffer;
        private int size;

        RowWriter(int capacity) {
            buffer = new byte[Math.max(64, capacity)];
        }

        void row(String userId, CanonicalPoint p, ObjectMapper json) throws JsonProcessingException {
            text(truncate(userId, 100));
            tab();
            text(p.metric());
            tab();
            instant(p.start());
            tab();
            instant(p.end());
            tab();
            ascii(Double.toString(p.value()));
            tab();
            if (p.value2() == null) {
                nullValue();
            } else {
                ascii(Double.toString(p.value2()));
            }
            tab();
            text(p.unit());
            tab();
            text(p.provider());
            tab();
            text(truncate(p.device(), 200));
            tab();
            text(truncate(p.sourceRecordId(), 200));
            tab();
            text(truncate(p.originalValue(), 100));
            tab();
            text(truncate(p.originalUnit(), 40));
            tab();
            text(p.details() == null ? null : json.writeValueAsString(p.details()));
            tab();
            instant(p.sourceUpdatedAt());
            raw(NEWLINE);
        }

        private void tab() {
            raw((byte) '\t');
        }

        private void nullValue() {
            raw((byte) '\\');
            raw((byte) 'N');
        }

        private void text(String value) {
            if (value == null) {
                nullValue();
                return;
            }
            int length = value.length();
            // Room for the worst case: three UTF-8 bytes a character (an escape is two, a pair four).
            ensure(length * 3);
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> escapedUnchecked('\\');
                    case '\t' -> escapedUnchecked('t');
                    case '\n' -> escapedUnchecked('n');
                    case '\r' -> escapedUnchecked('r');
                    default -> {
                        if (c < 0x80) {
                            buffer[size++] = (byte) c;
                        } else {
                            // Rare (device names): this character, or surrogate pair, as UTF-8.
                            int next = Character.isHighSurrogate(c)
                                            && i + 1 < length
                                            && Character.isLowSurrogate(value.charAt(i + 1))
                                    ? i + 2
                                    : i + 1;
                            byte[] utf8 = value.substring(i, next).getBytes(StandardCharsets.UTF_8);
                            System.arraycopy(utf8, 0, buffer, size, utf8.length);
                            size += utf8.length;
                            i = next - 1;
                        }
                    }
                }
            }
        }

        /** A backslash escape; the caller made room for it. */
        private void escapedUnchecked(char c) {
            buffer[size++] = '\\';
            buffer[size++] = (byte) c;
        }

        private void ascii(String value) {
            ensure(value.length());
            for (int i = 0; i < value.length(); i++) {
                buffer[size++] = (byte) value.charAt(i);
            }
        }

        /**
         * An instant as {@code Instant.toString} writes it ({@code 2026-11-02T08:00:00Z}, fractions in
         * groups of three digits), which PostgreSQL reads as a {@code timestamptz}; by hand for the
         * years 0 to 9999, since the JDK's formatter costs several times more.
         */
        void instant(Instant instant) {
            if (instant == null) {
                nullValue();
                return;
            }
            long seconds = instant.getEpochSecond();
            long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
            LocalDate date = LocalDate.ofEpochDay(days);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                ascii(instant.toString());
                return;
            }
            int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
            ensure(32);
            digits(date.getYear(), 4);
            buffer[size++] = '-';
            digits(date.getMonthValue(), 2);
            buffer[size++] = '-';
            digits(date.getDayOfMonth(), 2);
            buffer[size++] = 'T';
            digits(secondOfDay / 3600, 2);
            buffer[size++] = ':';
            digits(secondOfDay / 60 % 60, 2);
            buffer[size++] = ':';
            digits(secondOfDay % 60, 2);
            int nanos = instant.getNano();
            if (nanos > 0) {
                buffer[size++] = '.';
                if (nanos % 1_000_000 == 0) {
                    digits(nanos / 1_000_000, 3);
                } else if (nanos % 1_000 == 0) {
                    digits(nanos / 1_000, 6);
                } else {
                    digits(nanos, 9);
                }
            }
            buffer[size++] = 'Z';
        }

        private void digits(int value, int width) {
            for (int i = size + width - 1; i >= size; i--) {
                buffer[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += width;
        }

        void raw(byte b) {
            ensure(1);
            buffer[size++] = b;
        }

        void raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
