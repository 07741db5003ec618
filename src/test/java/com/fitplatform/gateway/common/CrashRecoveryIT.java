package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway, killed with SIGKILL while it accepts and processes messages, loses none of
 * the messages it had accepted (answered 202): after a restart on the same data directory every one
 * of them is processed. Runs the real jar as a separate process on its embedded defaults, so it
 * also proves the embedded PostgreSQL orphaned by the kill is taken over.
 */
class CrashRecoveryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data = Path.of("target", "crash-data").toAbsolutePath();
    private final int port = freePort();
    private Process gateway;

    @Test
    void shouldProcessEveryAcceptedMessageAfterAKillNine() throws Exception {
        deleteRecursively(data);
        gateway = start();
        String token = mintToken();
        List<String> accepted = new ArrayList<>();

        for (int i = 0; i < 150; i++) {
            HttpResponse<String> response = post("/api/probes", "{\"label\":\"crash-" + i + "\"}", token);
            assertThat(response.statusCode()).isEqualTo(202);
            accepted.add(JSON.readTree(response.body()).path("id").asText());
        }
        gateway.destroyForcibly().waitFor();
        gateway = start();

        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String id : accepted) {
                        HttpResponse<String> probe = get("/api/probes/" + id, token);
                        assertThat(probe.statusCode()).as("probe " + id).isEqualTo(200);
                    }
                });
        for (String id : accepted) {
            var probe = JSON.readTree(get("/api/probes/" + id, token).body());
            assertThat(probe.path("state").asText()).isEqualTo("processed");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor();
        }
    }

    private Process start() throws Exception {
        File jar = jar();
        ProcessBuilder builder = new ProcessBuilder(
                        javaBinary(), "-Xmx512m", "-jar", jar.getAbsolutePath(), "--gateway.broker.tcp-port=0")
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/crash-gateway.log")));
        builder.environment().put("GATEWAY_DATA_DIR", data.toString());
        builder.environment().put("GATEWAY_PORT", Integer.toString(port));
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(process.isAlive())
                                .as("gateway process alive (see target/crash-gateway.log)")
                                .isTrue();
                        try {
                            return get("/actuator/health", null).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error notStarted) {
            // Never leave a gateway behind: a later run would find its port and data taken.
            process.destroyForcibly().waitFor();
            throw notStarted;
        }
        return process;
    }

    private String mintToken() throws Exception {
        Process mint = new ProcessBuilder(
                        javaBinary(),
                        "-Dloader.main=com.fitplatform.gateway.ops.OpsCommand",
                        "-cp",
                        jar().getAbsolutePath(),
                        "org.springframework.boot.loader.launch.PropertiesLauncher",
                        "token",
                        "--subject",
                        "crash-test",
                        "--roles",
                        "service",
                        "--key-file",
                        data.resolve("keys/jwt-signing-keys.json").toString())
                .redirectErrorStream(false)
                .start();
        String token = new String(mint.getInputStream().readAllBytes()).trim();
        assertThat(mint.waitFor()).isZero();
        return token;
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static File jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("integration-gateway-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Run after 'package': no jar in target/"))
                    .toFile();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
