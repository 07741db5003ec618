package com.fitplatform.gateway.common.audit;

import com.fitplatform.gateway.common.requestid.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records every integration call in the structured log (at once) and in the {@code
 * integration_audit} table (in batches, off the caller's thread, so auditing never slows a call).
 * Everything is masked by {@link PiiMasker} before it is written anywhere.
 */
@Component
public class IntegrationAudit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger("gateway.audit");

    private static final String INSERT = "insert into integration_audit (occurred_at, service, operation,"
            + " request_id, direction, duration_ms, status, error_class, detail) values (?,?,?,?,?,?,?,?,?)";

    private final JdbcTemplate jdbc;
    private final AuditProperties properties;
    private final BlockingQueue<AuditEntry> pending;
    private final Counter dropped;
    private volatile boolean running;
    private Thread writer;

    public IntegrationAudit(JdbcTemplate jdbc, AuditProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.pending = new ArrayBlockingQueue<>(properties.bufferSize());
        this.dropped = Counter.builder("gateway.audit.dropped")
                .description("Audit entries that found the buffer full and reached only the log")
                .register(meters);
    }

    /** Records an inbound call answered with {@code status}. */
    public void inbound(String service, String operation, long durationMillis, String status, String errorClass) {
        record(service, operation, AuditEntry.Direction.INBOUND, durationMillis, status, errorClass, null);
    }

    /** Records an outbound call. */
    public void outbound(
            String service, String operation, long durationMillis, String status, String errorClass, String detail) {
        record(service, operation, AuditEntry.Direction.OUTBOUND, durationMillis, status, errorClass, detail);
    }

    public void record(
            String service,
            String operation,
            AuditEntry.Direction direction,
            long durationMillis,
            String status,
            String errorClass,
            String detail) {
        record(new AuditEntry(
                Instant.now(),
                service,
                operation,
                RequestIds.current(),
                direction,
                durationMillis,
                status,
                errorClass,
                detail));
    }

    public void record(AuditEntry raw) {
        AuditEntry entry = masked(raw);
        log.info(
                PiiMasker.MASKED,
                "audit service={} operation=\"{}\" direction={} status={} durationMs={} error={} requestId={}{}",
                entry.service(),
                entry.operation(),
                entry.direction(),
                entry.status(),
                entry.durationMillis(),
                entry.errorClass(),
                entry.requestId(),
                entry.detail() == null ? "" : " detail=\"" + entry.detail() + "\"");
        if (!pending.offer(entry)) {
            dropped.increment();
        }
    }

    private static AuditEntry masked(AuditEntry entry) {
        return new AuditEntry(
                entry.occurredAt(),
                truncate(PiiMasker.mask(entry.service()), 64),
                truncate(PiiMasker.mask(entry.operation()), 256),
                truncate(entry.requestId(), 128),
                entry.direction(),
                entry.durationMillis(),
                truncate(PiiMasker.mask(entry.status()), 32),
                truncate(PiiMasker.mask(entry.errorClass()), 256),
                truncate(PiiMasker.mask(entry.detail()), 2000));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** Writes what is buffered now; the writer thread calls it, tests and shutdown may too. */
    public void flush() {
        List<AuditEntry> batch = new ArrayList<>(properties.batchSize());
        while (pending.drainTo(batch, properties.batchSize()) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private synchronized void write(List<AuditEntry> batch) {
        try {
            jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, entry) -> {
                statement.setTimestamp(1, Timestamp.from(entry.occurredAt()));
                statement.setString(2, entry.service());
                statement.setString(3, entry.operation());
                statement.setString(4, entry.requestId());
                statement.setString(5, entry.direction().name());
                statement.setLong(6, entry.durationMillis());
                statement.setString(7, entry.status());
                statement.setString(8, entry.errorClass());
                statement.setString(9, entry.detail());
            });
        } catch (RuntimeException e) {
            // The entries are already in the log; a database outage must not take callers down.
            dropped.increment(batch.size());
            log.warn("Audit batch of {} entries not stored: {}", batch.size(), e.getMessage());
        }
    }

    private void writeLoop() {
        List<AuditEntry> batch = new ArrayList<>(properties.batchSize());
        while (running) {
            try {
                AuditEntry first = pending.poll(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, properties.batchSize() - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the routes (which stop at Integer.MAX_VALUE - ...) so their last entries land.
        return Integer.MIN_VALUE + 100;
    }
}
