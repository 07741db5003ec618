package com.fitplatform.gateway.common.database;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL, used when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory where the cluster lives; kept across restarts
 * @param port TCP port on loopback; 0 picks a free one at start
 * @param database database created for the gateway on first start
 * @param durable fsync and synchronous commit on (the embedded binaries default to both off, which
 *     is fast but can lose committed work on a power cut); tests turn it off for speed
 * @param settings further {@code postgresql.conf} settings of the server (name to value), applied
 *     last, so ops can size it without a rebuild
 */
@ConfigurationProperties("gateway.database.embedded")
public record EmbeddedDatabaseProperties(
        @DefaultValue("./data/postgres") String dataDirectory,
        @DefaultValue("0") int port,
        @DefaultValue("gateway") String database,
        @DefaultValue("true") boolean durable,
        Map<String, String> settings) {

    public EmbeddedDatabaseProperties {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
