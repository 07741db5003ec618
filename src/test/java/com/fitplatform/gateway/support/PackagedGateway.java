package com.fitplatform.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged jar (run after {@code package}) as a separate process on its embedded defaults,
 * with its state in {@code data}, so a test can kill it with SIGKILL and start it again on the
 * same state. Its output is appended to {@code log}.
 */
public final class PackagedGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path data;
    private final File log;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final int port = freePort();
    private Process process;

    public PackagedGateway(Path data, File log, Map<String, String> environment, String... arguments) {
        this.data = data;
        this.log = log;
        this.environment = environment;
        this.arguments = List.of(arguments);
    }

    public int port() {
        return port;
    }

    public Path data() {
        return data;
    }

    /** The test client, pointed at this gateway. */
    public GatewayClient client() {
        return new GatewayClient("http://127.0.0.1:" + port);
    }

    /** Starts the jar and waits until its health is UP; never leaves a half-started process behind. */
    public void start() throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar().getAbsolutePath()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("GATEWAY_DATA_DIR", data.toString());
        builder.environment().put("GATEWAY_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        Process started = builder.start();
        try {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(started.isAlive())
                                .as("gateway process alive (see " + log + ")")
                                .isTrue();
                        try {
                            return send("GET", "/actuator/health", null, null).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error notStarted) {
            // Never leave a gateway behind: a later run would find its port and data taken.
            started.destroyForcibly().waitFor();
            throw notStarted;
        }
        process = started;
    }

    /** SIGKILL: no shutdown hook, no graceful stop of routes, broker or database. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    /** A gateway JWT signed with the key file in the state directory, by the ops command. */
    public String token(String subject, String roles) throws Exception {
        Process mint = new ProcessBuilder(
                        javaBinary(),
                        "-Dloader.main=com.fitplatform.gateway.ops.OpsCommand",
                        "-cp",
                        jar().getAbsolutePath(),
                        "org.springframework.boot.loader.launch.PropertiesLauncher",
                        "token",
                        "--subject",
                        subject,
                        "--roles",
                        roles,
                        "--key-file",
                        data.resolve("keys/jwt-signing-keys.json").toString())
                .redirectErrorStream(false)
                .start();
        String token = new String(mint.getInputStream().readAllBytes()).trim();
        assertThat(mint.waitFor()).isZero();
        return token;
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, null, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    public HttpResponse<String> post(String path, String body, String token) throws Exception {
        return send("POST", path, body, Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    }

    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers != null) {
            headers.forEach(request::header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
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
}
