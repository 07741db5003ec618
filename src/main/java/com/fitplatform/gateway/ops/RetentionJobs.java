package com.fitplatform.gateway.ops;

import com.fitplatform.gateway.common.audit.AuditProperties;
import com.fitplatform.gateway.common.idempotency.IdempotencyStore;
import com.fitplatform.gateway.common.outbox.OutboxRelay;
import com.fitplatform.gateway.common.scheduling.ClusterJobs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The daily retention purge, once across all instances: audit rows (integration calls and ops
 * changes) past the audit retention, expired idempotency keys, long-published outbox events and old
 * message failure reasons.
 */
@Component("retentionJobs")
public class RetentionJobs {

    private final ClusterJobs jobs;
    private final JdbcTemplate jdbc;
    private final AuditProperties audit;
    private final IdempotencyStore idempotency;
    private final OutboxRelay outbox;
    private final OpsProperties ops;

    public RetentionJobs(
            ClusterJobs jobs,
            JdbcTemplate jdbc,
            AuditProperties audit,
            IdempotencyStore idempotency,
            OutboxRelay outbox,
            OpsProperties ops) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.audit = audit;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.ops = ops;
    }

    /** Runs today's purge unless an instance already did; returns what it removed. */
    public String purgeDaily() {
        Optional<String> outcome =
                jobs.runOnce("retention-purge", LocalDate.now(ZoneOffset.UTC).toString(), this::purge);
        return outcome.orElse("already done by another instance");
    }

    String purge() {
        int auditRows = jdbc.update(
                "delete from integration_audit where occurred_at < now() - make_interval(secs => ?)",
                audit.retention().toSeconds());
        int changes = jdbc.update(
                "delete from ops_change where occurred_at < now() - make_interval(secs => ?)",
                audit.retention().toSeconds());
        int keys = idempotency.purgeExpired();
        int events = outbox.purgePublished();
        int failures = jdbc.update(
                "delete from message_failure where failed_at < now() - make_interval(secs => ?)",
                ops.messageFailureRetention().toSeconds());
        return "audit rows " + auditRows + ", ops changes " + changes + ", idempotency keys " + keys
                + ", outbox events " + events + ", message failures " + failures;
    }
}
