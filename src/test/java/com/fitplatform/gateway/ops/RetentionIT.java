package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayIntegrationTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The daily purge removes only what is past retention, and runs once however many instances fire. */
class RetentionIT extends GatewayIntegrationTest {

    @Autowired
    RetentionJobs retention;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldPurgeOldRowsOnceAcrossInstances() throws Exception {
        String marker = "retention-" + UUID.randomUUID();
        audit(marker + "-old", "now() - interval '91 days'");
        audit(marker + "-new", "now() - interval '89 days'");
        jdbc.update("insert into idempotency_key (scope, idempotency_key, request_hash, state, created_at, expires_at)"
                + " values ('tests POST /x', '" + marker + "-expired', repeat('0', 64), 'completed',"
                + " now() - interval '2 days', now() - interval '1 day')");
        jdbc.update("insert into idempotency_key (scope, idempotency_key, request_hash, state, created_at, expires_at)"
                + " values ('tests POST /x', '" + marker + "-live', repeat('0', 64), 'completed', now(),"
                + " now() + interval '1 day')");
        jdbc.update(
                "insert into outbox_event (id, event_type, aggregate_type, aggregate_id, payload, created_at,"
                        + " published_at) values (?, 'test.old', 'test', ?, '{}', now() - interval '9 days',"
                        + " now() - interval '8 days')",
                UUID.randomUUID(),
                marker);
        jdbc.update(
                "insert into message_failure (message_id, queue, delivery, error_class, failed_at)"
                        + " values (?, 'tests', 1, 'x', now() - interval '91 days')",
                marker + "-old");
        jdbc.update(
                "insert into message_failure (message_id, queue, delivery, error_class, failed_at)"
                        + " values (?, 'tests', 1, 'x', now() - interval '1 day')",
                marker + "-new");
        jdbc.update(
                "insert into ops_change (occurred_at, actor, action, target, outcome) values"
                        + " (now() - interval '91 days', 'tests', 'route-file', ?, 'applied'),"
                        + " (now() - interval '89 days', 'tests', 'route-file', ?, 'applied')",
                marker + "-old",
                marker + "-new");
        jdbc.update(
                "delete from job_run where job_name = 'retention-purge' and run_key = ?",
                LocalDate.now(ZoneOffset.UTC).toString());

        // Two instances fire at the same moment.
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> runs = List.of(
                CompletableFuture.supplyAsync(() -> runAfter(go)), CompletableFuture.supplyAsync(() -> runAfter(go)));
        go.countDown();
        List<String> outcomes = runs.stream().map(CompletableFuture::join).toList();

        assertThat(outcomes).filteredOn(o -> o.startsWith("audit rows")).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> o.equals("already done by another instance"))
                .hasSize(1);
        assertThat(count("select count(*) from integration_audit where operation like ?", marker + "%"))
                .isEqualTo(1);
        assertThat(count("select count(*) from integration_audit where operation = ?", marker + "-new"))
                .isEqualTo(1);
        assertThat(count("select count(*) from idempotency_key where idempotency_key like ?", marker + "%"))
                .isEqualTo(1);
        assertThat(count("select count(*) from outbox_event where aggregate_id = ?", marker))
                .isZero();
        assertThat(count("select count(*) from message_failure where message_id like ?", marker + "%"))
                .isEqualTo(1);
        assertThat(count("select count(*) from ops_change where target like ?", marker + "%"))
                .isEqualTo(1);
        assertThat(count("select count(*) from ops_change where target = ?", marker + "-new"))
                .isEqualTo(1);
        assertThat(retention.purgeDaily()).isEqualTo("already done by another instance");
    }

    private String runAfter(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return retention.purgeDaily();
    }

    private void audit(String operation, String occurredAt) {
        jdbc.update(
                "insert into integration_audit (occurred_at, service, operation, direction, duration_ms)" + " values ("
                        + occurredAt + ", 'tests', ?, 'INBOUND', 1)",
                operation);
    }

    private long count(String sql, String argument) {
        return jdbc.queryForObject(sql, Long.class, argument);
    }
}
