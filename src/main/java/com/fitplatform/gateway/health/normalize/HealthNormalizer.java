package com.fitplatform.gateway.health.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The normalize step of the pipeline: a raw message ({@code provider}, {@code userId}, optional
 * {@code jobId} and {@code days}, {@code parts[]} of {@code kind} + provider {@code payload}) becomes
 * one {@link NormalizedBatch}. A part that cannot be read is kept as an unknown record, never
 * dropped and never failing the message.
 */
@Component("healthNormalizer")
public class HealthNormalizer {

    private final Map<String, ProviderNormalizer> normalizers;
    private final ObjectMapper json;

    public HealthNormalizer(List<ProviderNormalizer> normalizers, ObjectMapper json) {
        this.normalizers =
                normalizers.stream().collect(Collectors.toMap(ProviderNormalizer::provider, Function.identity()));
        this.json = json;
    }

    /** A raw message (UTF-8 JSON) as the body of {@code health.normalized} ({@link NormalizedMessage}). */
    public byte[] normalize(byte[] raw) throws Exception {
        return NormalizedMessage.write(toBatch(json.readTree(raw)), json);
    }

    public NormalizedBatch toBatch(JsonNode message) {
        String provider = message.path("provider").asText();
        Instant receivedAt = message.hasNonNull("receivedAt")
                ? Json.instant(message.path("receivedAt").asText())
                : Instant.now();
        PointSink sink = new PointSink(provider, receivedAt);
        ProviderNormalizer normalizer = normalizers.get(provider);
        int index = 0;
        for (JsonNode part : message.path("parts")) {
            String kind = part.path("kind").asText();
            if (normalizer == null) {
                sink.unknown(provider + "/" + kind, "part-" + index, part.path("payload"));
            } else {
                try {
                    normalizer.normalize(kind, part.path("payload"), part.path("options"), sink);
                } catch (RuntimeException e) {
                    // An unreadable part is kept raw with the reason, so nothing is lost and nothing crashes.
                    sink.unknown(
                            provider + "/" + kind + " (unreadable: "
                                    + e.getClass().getSimpleName() + ")",
                            receivedAt + "-part-" + index,
                            part.path("payload"));
                }
            }
            index++;
        }
        List<String> days = new ArrayList<>();
        message.path("days").forEach(day -> days.add(day.asText()));
        return new NormalizedBatch(
                message.path("userId").asText(),
                provider,
                message.hasNonNull("jobId") ? message.path("jobId").asText() : null,
                days,
                sink.points(),
                sink.rejected(),
                sink.unknown());
    }
}
