package com.fitplatform.gateway.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.health.healthconnect.HealthConnectNormalizer;
import com.fitplatform.gateway.health.healthkit.HealthKitNormalizer;
import com.fitplatform.gateway.health.normalize.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Batches pushed by the apps (HealthKit samples, Health Connect records). The whole batch is
 * checked first: one malformed item refuses the batch with 400 and its index, nothing queued. A
 * valid batch goes raw to the pipeline; re-pushes are harmless (the sample UUID / record id is
 * part of the stored key). Implausible values and unknown types are not malformed: they are
 * rejected or kept raw per point by the pipeline.
 */
@Component("healthPushes")
public class HealthPushes {

    private static final String UNKNOWN_TYPES = "GatewayHealthUnknownTypes";
    private static final byte[] RAW_END = "}]}".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final HealthProperties properties;
    private final JdbcTemplate jdbc;

    public HealthPushes(ObjectMapper json, HealthProperties properties, JdbcTemplate jdbc) {
        this.json = json;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    public byte[] appleHealth(byte[] body, Exchange exchange) throws Exception {
        JsonNode root = parse(body);
        String userId = user(root);
        JsonNode samples = items(root, "samples");
        Set<String> unknownTypes = new TreeSet<>();
        for (int i = 0; i < samples.size(); i++) {
            JsonNode s = samples.get(i);
            require(s.isObject(), i, "a sample is an object");
            try {
                UUID.fromString(s.path("uuid").asText(""));
            } catch (IllegalArgumentException e) {
                throw bad(i, "uuid must be a UUID");
            }
            String type = s.path("type").asText("");
            require(type.startsWith("HK") && type.length() <= 200, i, "type must be a HealthKit identifier");
            if (!HealthKitNormalizer.knows(type)) {
                unknownTypes.add(type);
            }
            Instant start = instant(s, "startDate", i, true);
            Instant end = instant(s, "endDate", i, false);
            require(end == null || !end.isBefore(start), i, "endDate before startDate");
            if (type.startsWith("HKQuantityType")) {
                require(s.path("value").isNumber(), i, "value must be a number");
                require(s.path("unit").isTextual(), i, "unit is required for a quantity sample");
            } else if (type.startsWith("HKCategoryType")) {
                require(s.path("value").isIntegralNumber(), i, "value must be an integer category");
            }
        }
        exchange.getMessage().setHeader("GatewayHealthAccepted", samples.size());
        exchange.setProperty(UNKNOWN_TYPES, List.copyOf(unknownTypes));
        return raw(HealthKitNormalizer.PROVIDER, userId, "samples", body);
    }

    public byte[] healthConnect(byte[] body, Exchange exchange) throws Exception {
        JsonNode root = parse(body);
        String userId = user(root);
        JsonNode records = items(root, "records");
        Set<String> unknownTypes = new TreeSet<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            require(r.isObject(), i, "a record is an object");
            require(
                    r.path("recordType").isTextual()
                            && r.path("recordType").asText().endsWith("Record"),
                    i,
                    "recordType must name a Health Connect record class");
            if (!HealthConnectNormalizer.knows(r.path("recordType").asText())) {
                unknownTypes.add(r.path("recordType").asText());
            }
            String id = r.path("metadata").path("id").asText("");
            require(!id.isBlank() && id.length() <= 200, i, "metadata.id is required");
            require(r.has("time") || r.has("startTime"), i, "time or startTime is required");
            Instant start = instant(r, r.has("time") ? "time" : "startTime", i, true);
            Instant end = instant(r, "endTime", i, false);
            require(end == null || !end.isBefore(start), i, "endTime before startTime");
            if (r.path("metadata").has("lastModifiedTime")) {
                instant(r.path("metadata"), "lastModifiedTime", i, true);
            }
        }
        boolean history = root.path("historyPermission").asBoolean(false);
        jdbc.update(
                "insert into health_connection (user_id, provider, status, history_permission) values (?, ?, 'connected', ?)"
                        + " on conflict (user_id, provider) do update set history_permission = excluded.history_permission,"
                        + " status = 'connected', updated_at = now()",
                userId,
                HealthConnectNormalizer.PROVIDER,
                history);
        exchange.getMessage().setHeader("GatewayHealthAccepted", records.size());
        exchange.setProperty(UNKNOWN_TYPES, List.copyOf(unknownTypes));
        exchange.getMessage()
                .setHeader(
                        "GatewayHealthReadableFrom",
                        history
                                ? "any"
                                : LocalDate.now(ZoneOffset.UTC)
                                        .minusDays(properties.healthConnectHistoryDays())
                                        .toString());
        return raw(HealthConnectNormalizer.PROVIDER, userId, "records", body);
    }

    /** The 202 answer of a push. */
    public Map<String, Object> accepted(Exchange exchange) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", exchange.getMessage().getHeader("GatewayHealthAccepted"));
        Object unknown = exchange.getProperty(UNKNOWN_TYPES);
        if (unknown instanceof List<?> types && !types.isEmpty()) {
            // Told at once so the app team learns of a type the gateway cannot read yet.
            answer.put(
                    "unknownTypes",
                    Map.of("types", types, "handling", "kept raw in health_raw_unknown, not converted to points"));
        }
        Object readable = exchange.getMessage().getHeader("GatewayHealthReadableFrom");
        if (readable != null) {
            // Health Connect apps read 30 days back without the history permission: say what is covered.
            answer.put(
                    "coverage",
                    Map.of(
                            "readableFrom",
                            readable,
                            "reason",
                            "any".equals(readable) ? "history permission granted" : "provider_history_limit"));
        }
        return answer;
    }

    /**
     * The raw message around the pushed body, which is spliced in as it came (already checked to be
     * a JSON object whose list the normalizer reads): re-serializing a 1,000-item tree per push
     * would cost more than everything else the accept step does.
     */
    private byte[] raw(String provider, String userId, String kind, byte[] body) throws Exception {
        int from = hasByteOrderMark(body) ? 3 : 0;
        byte[] head = ("{\"provider\":" + json.writeValueAsString(provider) + ",\"userId\":"
                        + json.writeValueAsString(userId) + ",\"receivedAt\":\"" + Instant.now()
                        + "\",\"parts\":[{\"kind\":\"" + kind + "\",\"payload\":")
                .getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + body.length - from + RAW_END.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, from, message, head.length, body.length - from);
        System.arraycopy(RAW_END, 0, message, message.length - RAW_END.length, RAW_END.length);
        return message;
    }

    private static boolean hasByteOrderMark(byte[] body) {
        return body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf;
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode root = json.readTree(body == null ? new byte[0] : body);
            if (root == null || !root.isObject()) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "The body is a JSON object");
            }
            return root;
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Body is not JSON");
        }
    }

    private static String user(JsonNode root) {
        String userId = root.path("userId").asText("");
        if (userId.isBlank() || userId.length() > 100) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "userId is required (at most 100 characters)");
        }
        return userId;
    }

    private JsonNode items(JsonNode root, String field) {
        JsonNode items = root.path(field);
        if (!items.isArray() || items.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, field + " must be a non-empty list");
        }
        if (items.size() > properties.maxBatchItems()) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "At most " + properties.maxBatchItems() + " " + field + " per batch");
        }
        return items;
    }

    private static Instant instant(JsonNode node, String field, int index, boolean required) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw bad(index, field + " is required");
            }
            return null;
        }
        try {
            return Json.instant(value.asText());
        } catch (DateTimeParseException e) {
            throw bad(index, field + " must be an ISO-8601 instant");
        }
    }

    private static void require(boolean condition, int index, String detail) {
        if (!condition) {
            throw bad(index, detail);
        }
    }

    private static ProblemException bad(int index, String detail) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST, "Item " + index + ": " + detail, Map.of("index", index));
    }
}
