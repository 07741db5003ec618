package com.fitplatform.gateway.common.audit;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per log line (for log shippers), masked like the plain format. */
public class MaskedJsonEncoder extends EncoderBase<ILoggingEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.UTF_8);

    private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();

    @Override
    public void start() {
        throwables.start();
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        event.getMDCPropertyMap().forEach((key, value) -> line.put(key, PiiMasker.mask(value)));
        line.put("message", PiiMasker.loggable(event, event.getFormattedMessage()));
        if (event.getThrowableProxy() != null) {
            line.put("error", PiiMasker.mask(throwables.convert(event)));
        }
        try {
            byte[] json = JSON.writeValueAsBytes(line);
            byte[] out = new byte[json.length + NEWLINE.length];
            System.arraycopy(json, 0, out, 0, json.length);
            System.arraycopy(NEWLINE, 0, out, json.length, NEWLINE.length);
            return out;
        } catch (JsonProcessingException e) {
            return ("{\"message\":\"unencodable log event\"}\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
