package com.fitplatform.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The running gateway on its embedded defaults, one per test JVM: real HTTP on a free port, the
 * embedded Artemis broker, embedded PostgreSQL and the provider sandbox, with state in a fresh
 * directory under target/. Subclasses share the one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestPropertySource(locations = "classpath:gateway-test.properties")
public abstract class GatewayIntegrationTest {

    protected static final int PORT = freePort();
    protected static final Path DATA = freshDataDirectory();

    @DynamicPropertySource
    static void runningGateway(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> PORT);
        properties.add("gateway.database.embedded.data-directory", () -> DATA.resolve("postgres")
                .toString());
        properties.add("spring.artemis.embedded.data-directory", () -> DATA.resolve("artemis")
                .toString());
        properties.add("gateway.security.jwt.key-file", () -> DATA.resolve("keys/jwt-signing-keys.json")
                .toString());
        properties.add("gateway.broker.tcp-port", () -> 0);
        properties.add("gateway.auth.providers.google-mock.discovery-uri", MockOidcIssuer::discoveryUri);
    }

    protected static GatewayClient gateway() {
        return new GatewayClient("http://127.0.0.1:" + PORT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path freshDataDirectory() {
        Path directory = Path.of("target", "it-data").toAbsolutePath();
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
