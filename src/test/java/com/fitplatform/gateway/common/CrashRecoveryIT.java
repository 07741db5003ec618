package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.support.PackagedGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway, killed with SIGKILL while it accepts and processes messages, loses none of
 * the messages it had accepted (answered 202): after a restart on the same data directory every one
 * of them is processed. Runs the real jar as a separate process on its embedded defaults, so it
 * also proves the embedded PostgreSQL orphaned by the kill is taken over.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PackagedGateway gateway;

    @Test
    void shouldProcessEveryAcceptedMessageAfterAKillNine() throws Exception {
        gateway = new PackagedGateway(Path.of("target", "crash-data"), "crash-gateway.log");
        gateway.start();
        String token = gateway.mintToken("crash-test", "service");
        List<String> accepted = new ArrayList<>();

        for (int i = 0; i < 150; i++) {
            HttpResponse<String> response = gateway.post("/api/probes", "{\"label\":\"crash-" + i + "\"}", token);
            assertThat(response.statusCode()).isEqualTo(202);
            accepted.add(JSON.readTree(response.body()).path("id").asText());
        }
        gateway.kill();
        gateway.start();

        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String id : accepted) {
                        HttpResponse<String> probe = gateway.get("/api/probes/" + id, token);
                        assertThat(probe.statusCode()).as("probe " + id).isEqualTo(200);
                    }
                });
        for (String id : accepted) {
            var probe = JSON.readTree(gateway.get("/api/probes/" + id, token).body());
            assertThat(probe.path("state").asText()).isEqualTo("processed");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }
}
