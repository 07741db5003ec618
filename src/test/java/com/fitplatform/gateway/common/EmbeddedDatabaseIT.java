package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded PostgreSQL runs with the server settings its configuration names. */
class EmbeddedDatabaseIT extends GatewayIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldApplyTheConfiguredServerSettingsAfterTheGatewaysOwn() {
        // gateway-test.properties: durable=false, settings.work_mem=16MB, settings.max_connections=150
        assertThat(show("fsync")).isEqualTo("off");
        assertThat(show("synchronous_commit")).isEqualTo("off");
        assertThat(show("work_mem")).isEqualTo("16MB");
        assertThat(show("max_connections"))
                .as("a setting overrides the gateway's own default of 200")
                .isEqualTo("150");
        assertThat(show("shared_buffers")).as("the gateway's own default stays").isEqualTo("128MB");
    }

    private String show(String setting) {
        return jdbc.queryForObject("select current_setting(?)", String.class, setting);
    }
}
