package com.fitplatform.gateway.health.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.HealthConnections;
import com.fitplatform.gateway.health.sync.HealthSync;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fitbit's subscriber endpoint: the verification GET ({@code ?verify=}) and signed notifications.
 * A verified notification becomes a sync job for the day it names, queued for after the 204.
 */
@Component("fitbitWebhook")
public class FitbitWebhook {

    private static final Logger log = LoggerFactory.getLogger(FitbitWebhook.class);

    private final HealthProperties properties;
    private final HealthConnections connections;
    private final HealthSync sync;
    private final ObjectMapper json;

    public FitbitWebhook(
            HealthProperties properties, HealthConnections connections, HealthSync sync, ObjectMapper json) {
        this.properties = properties;
        this.connections = connections;
        this.sync = sync;
        this.json = json;
    }

    /** 204 when the code is ours, 404 otherwise (Fitbit checks both answers). */
    public int verify(@Header("verify") String code) {
        byte[] expected = properties.fitbit().subscriberVerificationCode().getBytes(StandardCharsets.UTF_8);
        boolean ok = code != null && MessageDigest.isEqual(expected, code.getBytes(StandardCharsets.UTF_8));
        return ok ? 204 : 404;
    }

    /** Checks the signature and returns the sync job ids to queue (empty for unknown owners). */
    public List<String> notification(byte[] body, @Header("X-Fitbit-Signature") String signature) throws Exception {
        if (!FitbitSignature.verify(properties.fitbit().clientSecret(), body == null ? new byte[0] : body, signature)) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "X-Fitbit-Signature does not match");
        }
        JsonNode notifications;
        try {
            notifications = json.readTree(body);
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Notification body is not JSON");
        }
        if (notifications == null || !notifications.isArray()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "A Fitbit notification body is a JSON array");
        }
        List<String> jobs = new ArrayList<>();
        for (JsonNode notification : notifications) {
            String owner = notification.path("ownerId").asText();
            String user = connections.userFor(FitbitNormalizer.PROVIDER, owner);
            if (user == null) {
                log.info("Fitbit notification for an owner without an active connection, ignored");
                continue;
            }
            LocalDate day;
            try {
                day = LocalDate.parse(notification.path("date").asText());
            } catch (Exception e) {
                continue;
            }
            jobs.add(sync.notified(user, FitbitNormalizer.PROVIDER, day));
        }
        return jobs;
    }
}
