package com.fitplatform.gateway.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Debian's chromium driven headless through chromedriver's W3C WebDriver protocol (plain JSON over
 * HTTP, so no client library and its transitive dependencies). One browser per instance, with a
 * fresh profile directory; {@link #close()} ends the session, the driver and the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final Path profile;
    private final String base;
    private final String session;

    public HeadlessChromium() throws Exception {
        int port = freePort();
        profile = Files.createTempDirectory("ops-console-chromium");
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(Path.of("target"))
                        .resolve("chromedriver.log")
                        .toFile())
                .start();
        String root = "http://127.0.0.1:" + port;
        try {
            awaitDriver(root);
        } catch (RuntimeException | Error e) {
            driver.destroy();
            throw e;
        }
        List<String> flags = List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile);
        JsonNode created = sendOrStop(
                "POST",
                root + "/session",
                Map.of(
                        "capabilities",
                        Map.of(
                                "alwaysMatch",
                                Map.of(
                                        "browserName",
                                        "chrome",
                                        "goog:chromeOptions",
                                        Map.of("binary", BROWSER.toString(), "args", flags)))));
        session = created.path("sessionId").asText();
        if (session.isEmpty()) {
            driver.destroy();
            throw new IllegalStateException("chromedriver opened no session: " + created);
        }
        base = root + "/session/" + session;
    }

    /** Whether chromium and its driver are installed here. */
    public static boolean installed() {
        return Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER);
    }

    public void open(String url) throws Exception {
        send("POST", base + "/url", Map.of("url", url));
    }

    /** The element matching a CSS selector, waiting up to {@code timeout} for it to appear. */
    public String find(String css, Duration timeout) throws Exception {
        return findBy("css selector", css, timeout);
    }

    /** The element matching an XPath expression, waiting up to {@code timeout} for it to appear. */
    public String findByXpath(String xpath, Duration timeout) throws Exception {
        return findBy("xpath", xpath, timeout);
    }

    public void type(String element, String text) throws Exception {
        send("POST", base + "/element/" + element + "/value", Map.of("text", text));
    }

    public void click(String element) throws Exception {
        send("POST", base + "/element/" + element + "/click", Map.of());
    }

    public String text(String element) throws Exception {
        return send("GET", base + "/element/" + element + "/text", null).asText();
    }

    private String findBy(String using, String value, Duration timeout) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(call("POST", base + "/element", Map.of("using", using, "value", value)));
            return last.get().statusCode() == 200;
        });
        return json.readTree(last.get().body()).path("value").path(ELEMENT).asText();
    }

    private JsonNode sendOrStop(String method, String url, Object body) throws Exception {
        try {
            return send(method, url, body);
        } catch (Exception e) {
            driver.destroy();
            throw e;
        }
    }

    private JsonNode send(String method, String url, Object body) throws Exception {
        HttpResponse<String> answer = call(method, url, body);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(method + " " + url + ": " + answer.statusCode() + " " + answer.body());
        }
        return json.readTree(answer.body()).path("value");
    }

    private HttpResponse<String> call(String method, String url, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitDriver(String root) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    if (!driver.isAlive()) {
                        throw new AssertionError("chromedriver exited with " + driver.exitValue());
                    }
                    return call("GET", root + "/status", null).statusCode() == 200;
                });
    }

    @Override
    public void close() throws Exception {
        try {
            call("DELETE", base, null);
        } finally {
            driver.destroy();
            driver.waitFor();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
