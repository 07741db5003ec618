package com.fitplatform.gateway.health.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.HealthConnections;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Garmin's notification endpoint. Ping mode ({@code callbackURL} items) queues pulls for later;
 * push mode (summaries themselves) goes to the raw queue at once. Garmin does not sign: the
 * {@code garmin-client-id} header must be our client id, and in ping mode trust comes from pulling.
 */
@Component("garminWebhook")
public class GarminWebhook {

    /** Exchange property with the pull requests (JSON) to queue. */
    public static final String PULLS = "GatewayGarminPulls";

    private final HealthProperties properties;
    private final HealthConnections connections;
    private final ObjectMapper json;

    public GarminWebhook(HealthProperties properties, HealthConnections connections, ObjectMapper json) {
        this.properties = properties;
        this.connections = connections;
        this.json = json;
    }

    /** Returns the raw messages (push) to queue; pulls go to the {@link #PULLS} property. */
    public List<String> accept(String body, @Header("garmin-client-id") String clientId, Exchange exchange)
            throws Exception {
        byte[] expected = properties.garmin().clientId().getBytes(StandardCharsets.UTF_8);
        if (clientId == null || !MessageDigest.isEqual(expected, clientId.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "garmin-client-id does not match");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST, "A Garmin notification is a JSON object of summary lists");
        }
        List<String> pulls = new ArrayList<>();
        Map<String, Map<String, List<JsonNode>>> pushedByUser = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> types = root.fields();
        while (types.hasNext()) {
            Map.Entry<String, JsonNode> type = types.next();
            if (!type.getValue().isArray()) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, type.getKey() + " must be a list");
            }
            for (JsonNode item : type.getValue()) {
                String user = connections.userFor(
                        GarminNormalizer.PROVIDER, item.path("userId").asText());
                if (user == null) {
                    continue; // not (or no longer) connected: nothing to pull or keep
                }
                if (item.has("callbackURL")) {
                    Map<String, Object> pull = new LinkedHashMap<>();
                    pull.put("garminPull", true);
                    pull.put("userId", user);
                    pull.put("type", type.getKey());
                    pull.put("callbackURL", item.path("callbackURL").asText());
                    pulls.add(json.writeValueAsString(pull));
                } else {
                    pushedByUser
                            .computeIfAbsent(user, u -> new LinkedHashMap<>())
                            .computeIfAbsent(type.getKey(), t -> new ArrayList<>())
                            .add(item);
                }
            }
        }
        exchange.setProperty(PULLS, pulls);
        List<String> raw = new ArrayList<>();
        for (var user : pushedByUser.entrySet()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("provider", GarminNormalizer.PROVIDER);
            message.put("userId", user.getKey());
            message.put("receivedAt", Instant.now().toString());
            message.put("parts", List.of(Map.of("kind", "push", "payload", user.getValue())));
            raw.add(json.writeValueAsString(message));
        }
        return raw;
    }
}
