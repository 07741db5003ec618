package com.fitplatform.gateway.health.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.health.store.HealthMetricsStorageMigration.Offer;
import org.junit.jupiter.api.Test;

/** The storage choice of migration 7 from what the database offers. */
class HealthMetricsStorageMigrationTest {

    @Test
    void shouldUseTimescaleOnlyWhenItCanBeCreated() {
        assertThat(HealthMetricsStorageMigration.useTimescale(new Offer(false, false, "")))
                .as("not available")
                .isFalse();
        assertThat(HealthMetricsStorageMigration.useTimescale(new Offer(false, true, "pg_stat_statements")))
                .as("available but not preloaded: CREATE EXTENSION would fail")
                .isFalse();
        assertThat(HealthMetricsStorageMigration.useTimescale(new Offer(false, true, "pg_stat_statements,timescaledb")))
                .as("available and preloaded")
                .isTrue();
        assertThat(HealthMetricsStorageMigration.useTimescale(new Offer(true, true, null)))
                .as("already installed")
                .isTrue();
    }
}
