package com.fitplatform.gateway.common.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL, used when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory where the cluster lives; kept across restarts
 * @param port TCP port on loopback; 0 picks a free one at start
 * @param database database created for the gateway on first start
 */
@ConfigurationProperties("gateway.database.embedded")
public record EmbeddedDatabaseProperties(
        @DefaultValue("./data/postgres") String dataDirectory,
        @DefaultValue("0") int port,
        @DefaultValue("gateway") String database) {}
