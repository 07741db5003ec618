package com.fitplatform.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The packaged gateway jar run as a separate process on its embedded defaults, for tests that kill
 * it ({@code kill -9}) and start it again on the same data directory and port.
 */
public final class PackagedGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path data;
    private final int port;
    private final File log;
    private final List<String> arguments;
    private Process process;

    /** A gateway on a free port with state in {@code data} (emptied first); extra Spring arguments. */
    public PackagedGateway(Path data, String logName, String... arguments) throws IOException {
        this.data = data.toAbsolutePath();
        this.port = freePort();
        this.log = new File("target/" + logName);
        this.arguments = List.of(arguments);
        deleteRecursively(this.data);
    }

    public int port() {
        return port;
    }

    public Path data() {
        return data;
    }

    public GatewayClient client() {
        return new GatewayClient("http://127.0.0.1:" + port);
    }

    /** Starts the jar and waits until it answers its health check. */
    public void start() throws Exception {
        List<String> command = new ArrayList<>(
                List.of(javaBinary(), "-Xmx512m", "-jar", jar().getAbsolutePath(), "--gateway.broker.tcp-port=0"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("GATEWAY_DATA_DIR", data.toString());
        builder.environment().put("GATEWAY_PORT", Integer.toString(port));
        Process started = builder.start();
        process = started;
        try {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(started.isAlive())
                                .as("gateway process alive (see " + log + ")")
                                .isTrue();
                        try {
                            return get("/actuator/health", null).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error notStarted) {
            // Never leave a gateway behind: a later run would find its port and data taken.
            started.destroyForcibly().waitFor();
            throw notStarted;
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop of routes, broker or database. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** A service token signed with this gateway's key file by the ops command (no running gateway needed). */
    public String mintToken(String subject, String roles) throws Exception {
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

    public HttpResponse<String> post(String path, String body, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
