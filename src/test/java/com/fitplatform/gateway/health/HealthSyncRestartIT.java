package com.fitplatform.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.PackagedGateway;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 90-day Fitbit sync survives a {@code kill -9} of the gateway in its middle: the packaged jar runs
 * as a separate process, the job has stored its first 30 days and waits for Fitbit's rate-limit
 * reset when the process dies, and the restarted gateway fetches only the remaining 60 days.
 */
class HealthSyncRestartIT {

    private static final String FITBIT_READS_SINCE =
            "select count(*) from integration_audit where direction = 'OUTBOUND' and service = 'fitbit'"
                    + " and operation in ('steps', 'heart', 'sleep', 'weight') and occurred_at > ?";

    private final int databasePort = PackagedGateway.freePort();
    private PackagedGateway gateway;

    @Test
    void shouldResumeASyncFromWhereItStoppedAfterAKillNine() throws Exception {
        Path data = Path.of("target", "health-restart-data").toAbsolutePath();
        PackagedGateway.deleteRecursively(data);
        gateway = new PackagedGateway(
                data,
                new File("target/health-restart-gateway.log"),
                Map.of(),
                "--gateway.broker.tcp-port=0",
                "--gateway.database.embedded.port=" + databasePort);
        gateway.start();
        String token = gateway.token("health-restart-test", "service");
        String user = "restart-user";
        String owner = connectFitbit(token, user);
        // Enough quota for the first 30-day range (4 requests), then the rest of the hour is spent:
        // the job stores its first range and waits for the reset announced in Fitbit's headers.
        Response limited = gateway.client()
                .request("PUT", "/sandbox/fitbit/_rate-limit/" + owner, "{\"remaining\":4,\"resetSeconds\":20}")
                .header("Content-Type", "application/json")
                .send();
        assertThat(limited.status()).isEqualTo(200);

        Response accepted = gateway.client()
                .post("/api/health/sync", "{\"userId\":\"" + user + "\",\"provider\":\"fitbit\",\"mode\":\"initial\"}")
                .bearer(token)
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode job = job(token, jobId);
                    return job.path("daysDone").asInt() == 30
                            && job.path("state").asText().equals("waiting_rate_limit");
                });
        gateway.kill();
        Instant restarted = Instant.now();
        gateway.start();

        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> job(token, jobId).path("state").asText().equals("completed"));
        JsonNode done = job(token, jobId);
        assertThat(done.path("daysDone").asInt()).isEqualTo(90);
        assertThat(done.path("percent").asInt()).isEqualTo(100);
        assertThat(done.path("coverage").path("daysObtained").asInt()).isEqualTo(90);
        try (Connection db = database()) {
            assertThat(count(db, "select count(*) from health_metrics where user_id = ? and metric = 'steps'", user))
                    .as("one steps point per day, none twice")
                    .isEqualTo(90);
            // Two ranges of four resources after the restart: the 30 days stored before it were not fetched again.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> count(db, FITBIT_READS_SINCE, Timestamp.from(restarted)) >= 8);
            assertThat(count(db, FITBIT_READS_SINCE, Timestamp.from(restarted))).isEqualTo(8);
        }
    }

    /** The restarted gateway's embedded PostgreSQL (fixed port for this test). */
    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/gateway", "postgres", "");
    }

    private static long count(Connection db, String sql, Object argument) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, argument);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private JsonNode job(String token, String jobId) {
        return gateway.client()
                .get("/api/health/sync/" + jobId)
                .bearer(token)
                .send()
                .json();
    }

    /** The app's connection flow against the Fitbit fake; returns the Fitbit owner id. */
    private String connectFitbit(String token, String user) throws Exception {
        String url = gateway.client()
                .get("/api/health/connect/fitbit/authorize?userId=" + user)
                .bearer(token)
                .send()
                .json()
                .path("authorizationUrl")
                .asText();
        Response consent =
                gateway.client().get(url.substring(url.indexOf("/sandbox/"))).send();
        String query = URI.create(consent.header("Location")).getRawQuery();
        Response callback = gateway.client()
                .get("/api/health/connect/fitbit/callback?" + query)
                .bearer(token)
                .send();
        assertThat(callback.status()).as(callback.toString()).isEqualTo(200);
        try (Connection db = database();
                PreparedStatement statement = db.prepareStatement(
                        "select provider_user_id from health_connection where user_id = ? and provider = 'fitbit'")) {
            statement.setString(1, user);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }
}
