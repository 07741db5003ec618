package com.fitplatform.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What the gateway did with a benchmark's requests, read from its embedded PostgreSQL after the Gatling
 * run, and the physical limits of that same PostgreSQL, measured right after on the idle gateway:
 *
 * <ul>
 *   <li>{@code audit}: per step, the gateway's own timing from {@code integration_audit}: its time per
 *       inbound request, the outbound calls those requests made to a provider or service, and the
 *       gateway's own part (inbound minus outbound, per request id).
 *   <li>{@code webhooks}: waits until every event of the run is applied, then per step events recorded
 *       and applied, applied per second and the apply lag; then the rate of plain durable single-row
 *       inserts (autocommit, one row per transaction) into a scratch table with {@code --threads}
 *       connections: the physical limit of one durable write per event.
 *   <li>{@code health}: waits until the points stop arriving, then per step the points stored in
 *       {@code health_metrics} and stored per second; then the rate of {@code COPY} storing those same
 *       rows into a scratch table of the same structure (partitioned by month, same keys and indexes).
 * </ul>
 *
 * Connection: the port from {@code --pid-file} (PostgreSQL's {@code postmaster.pid}, fourth line),
 * user {@code postgres} on loopback (trust, as the embedded server is set up), database {@code
 * --database}. Writes one JSON object to {@code --out}. Scratch tables are dropped afterwards.
 *
 * <pre>java -Dloader.path=target/test-classes -Dloader.main=com.fitplatform.gateway.bench.BenchDatabase \
 *     -cp target/integration-gateway-*.jar org.springframework.boot.loader.launch.PropertiesLauncher \
 *     webhooks --pid-file /tmp/bench-data/postgres/postmaster.pid --steps steps.json --out db.json</pre>
 */
public final class BenchDatabase {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String url;
    private final String[] args;

    private BenchDatabase(String url, String[] args) {
        this.url = url;
        this.args = args;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: audit|webhooks|health --pid-file F --steps F --out F [options]");
            System.exit(2);
        }
        String pidFile =
                FakeRecommendationService.option(args, "--pid-file", "/tmp/bench-data/postgres/postmaster.pid");
        List<String> pid = Files.readAllLines(Path.of(pidFile));
        if (pid.size() < 4 || !pid.get(3).trim().matches("\\d+")) {
            throw new IllegalStateException("No port on the fourth line of " + pidFile);
        }
        String database = FakeRecommendationService.option(args, "--database", "gateway");
        BenchDatabase bench =
                new BenchDatabase("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/" + database, args);
        List<JsonNode> steps = new ArrayList<>();
        JSON.readTree(Path.of(bench.option("--steps", "steps.json")).toFile()).forEach(steps::add);
        Map<String, Object> result =
                switch (args[0]) {
                    case "audit" -> bench.audit(steps);
                    case "webhooks" -> bench.webhooks(steps);
                    case "health" -> bench.health(steps);
                    default -> throw new IllegalArgumentException("unknown command " + args[0]);
                };
        result.put("server", bench.server());
        Files.writeString(Path.of(bench.option("--out", "db.json")), JSON.writeValueAsString(result));
        System.out.println(JSON.writeValueAsString(result));
    }

    private String option(String name, String fallback) {
        return FakeRecommendationService.option(args, name, fallback);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    /** Version and the settings that decide what a commit costs. */
    private Map<String, Object> server() throws SQLException {
        Map<String, Object> server = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String setting : List.of("server_version", "fsync", "synchronous_commit", "wal_sync_method")) {
                try (ResultSet rs = s.executeQuery("show " + setting)) {
                    rs.next();
                    server.put(setting, rs.getString(1));
                }
            }
        }
        return server;
    }

    // ------------------------------------------------------------------------------------ audit

    private Map<String, Object> audit(List<JsonNode> steps) throws Exception {
        String operation = option("--inbound-operation", "");
        String service = option("--outbound-service", "");
        // The audit writer flushes every 200 ms (gateway.audit.flush-interval); give it a margin.
        Thread.sleep(3000);
        List<Map<String, Object>> rows = new ArrayList<>();
        String sql = "with inbound as ("
                + "  select request_id, duration_ms, status from integration_audit"
                + "  where direction = 'INBOUND' and operation = ? and occurred_at between ? and ?),"
                + " outbound as ("
                + "  select request_id, count(*) as calls, sum(duration_ms) as ms from integration_audit"
                // Breaker transitions and resets are audited as outbound rows too; only calls count.
                + "  where direction = 'OUTBOUND' and service = ? and occurred_at between ? and ?"
                + "  and operation not like 'circuit-breaker %'"
                + "  group by request_id),"
                + " joined as ("
                + "  select i.duration_ms as total, coalesce(o.ms, 0) as waited, coalesce(o.calls, 0) as calls"
                + "  from inbound i left join outbound o on o.request_id = i.request_id)"
                + " select count(*) as requests,"
                + "  percentile_disc(0.5) within group (order by total) as total_p50,"
                + "  percentile_disc(0.99) within group (order by total) as total_p99,"
                + "  coalesce(sum(calls), 0) as outbound_calls, coalesce(sum(waited), 0) as outbound_ms,"
                + "  percentile_disc(0.5) within group (order by waited) as waited_p50,"
                + "  percentile_disc(0.99) within group (order by waited) as waited_p99,"
                + "  percentile_disc(0.5) within group (order by total - waited) as own_p50,"
                + "  percentile_disc(0.99) within group (order by total - waited) as own_p99"
                + " from joined";
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (JsonNode step : steps) {
                Timestamp from = new Timestamp(step.path("firstSentMs").asLong());
                // The inbound row is written when the answer leaves; a little after the client's clock.
                Timestamp to = new Timestamp(step.path("lastReceivedMs").asLong() + 1000);
                q.setString(1, operation);
                q.setTimestamp(2, from);
                q.setTimestamp(3, to);
                q.setString(4, service);
                q.setTimestamp(5, from);
                q.setTimestamp(6, to);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    Map<String, Object> row = stepRow(step);
                    for (String column : List.of(
                            "requests",
                            "total_p50",
                            "total_p99",
                            "outbound_calls",
                            "outbound_ms",
                            "waited_p50",
                            "waited_p99",
                            "own_p50",
                            "own_p99")) {
                        row.put(column, rs.getObject(column) == null ? null : rs.getLong(column));
                    }
                    rows.add(row);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("inboundOperation", operation);
        result.put("outboundService", service);
        result.put("steps", rows);
        return result;
    }

    // --------------------------------------------------------------------------------- webhooks

    private Map<String, Object> webhooks(List<JsonNode> steps) throws Exception {
        long timeoutMs = Long.parseLong(option("--timeout-seconds", "300")) * 1000;
        int threads = Integer.parseInt(option("--threads", "8"));
        int seconds = Integer.parseInt(option("--insert-seconds", "10"));
        Map<String, Object> result = new LinkedHashMap<>();
        try (Connection c = connect()) {
            result.put("drainSeconds", waitForApplied(c, steps, timeoutMs) / 1000.0);
            String sql = "select count(*) as recorded, count(*) filter (where state = 'applied') as applied,"
                    + " count(*) filter (where state = 'received') as waiting,"
                    + " extract(epoch from min(received_at)) * 1000 as first_received_ms,"
                    + " extract(epoch from max(applied_at)) * 1000 as last_applied_ms,"
                    + " percentile_disc(0.5) within group (order by applied_at - received_at) as lag_p50,"
                    + " percentile_disc(0.99) within group (order by applied_at - received_at) as lag_p99"
                    + " from payment_webhook where provider = 'stripe' and starts_with(event_id, ?)";
            List<Map<String, Object>> rows = perStep(c, steps, sql, BenchTags::eventIdPrefix, (step, rs, row) -> {
                long applied = rs.getLong("applied");
                row.put("recorded", rs.getLong("recorded"));
                row.put("applied", applied);
                row.put("notApplied", rs.getLong("waiting"));
                double window = rs.getDouble("last_applied_ms") - rs.getDouble("first_received_ms");
                row.put("appliedPerSecond", window > 0 ? applied * 1000.0 / window : null);
                row.put("applyLagP50Ms", millis(rs.getObject("lag_p50")));
                row.put("applyLagP99Ms", millis(rs.getObject("lag_p99")));
            });
            result.put("steps", rows);
        }
        result.put("insertBaseline", insertBaseline(threads, seconds));
        return result;
    }

    /** Polls until no event of this run waits to be applied, or the timeout; answers the time waited. */
    private long waitForApplied(Connection c, List<JsonNode> steps, long timeoutMs) throws Exception {
        long started = System.currentTimeMillis();
        String run =
                steps.isEmpty() ? "" : BenchTags.run(steps.get(0).path("tag").asText());
        try (PreparedStatement q = c.prepareStatement("select count(*) from payment_webhook"
                + " where provider = 'stripe' and state = 'received' and starts_with(event_id, ?)")) {
            q.setString(1, BenchTags.runEventIdPrefix(run));
            while (System.currentTimeMillis() - started < timeoutMs) {
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
        }
        return System.currentTimeMillis() - started;
    }

    /**
     * Autocommit single-row inserts from {@code threads} connections for {@code seconds}: each
     * insert is its own durable transaction, as each webhook needs at least one.
     */
    private Map<String, Object> insertBaseline(int threads, int seconds) throws Exception {
        String table = "bench_insert_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id uuid primary key, provider varchar(20) not null,"
                    + " event_id varchar(300) not null, state varchar(16) not null,"
                    + " received_at timestamptz not null default now())");
        }
        AtomicLong rows = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] window = new long[2];
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (Connection c = connect();
                        PreparedStatement insert = c.prepareStatement("insert into " + table
                                + " (id, provider, event_id, state) values (?, 'stripe', ?, 'received')")) {
                    c.setAutoCommit(true);
                    ready.countDown();
                    go.await();
                    long end = window[1];
                    while (System.nanoTime() < end) {
                        UUID id = UUID.randomUUID();
                        insert.setObject(1, id);
                        insert.setString(2, "evt_" + id);
                        insert.executeUpdate();
                        rows.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            });
            workers.add(worker);
            worker.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("drop table " + table);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("threads", threads);
        baseline.put("seconds", elapsed);
        baseline.put("rows", rows.get());
        baseline.put("rowsPerSecond", rows.get() / elapsed);
        return baseline;
    }

    // ----------------------------------------------------------------------------------- health

    private Map<String, Object> health(List<JsonNode> steps) throws Exception {
        long timeoutMs = Long.parseLong(option("--timeout-seconds", "600")) * 1000;
        long quietMs = Long.parseLong(option("--quiet-seconds", "20")) * 1000;
        // Every answered batch may have stored batch-size points: stop waiting once that many are in.
        long batchSize = Long.parseLong(option("--batch-size", "1000"));
        long expected =
                steps.stream().mapToLong(step -> step.path("received").asLong()).sum() * batchSize;
        Map<String, Object> result = new LinkedHashMap<>();
        String run =
                steps.isEmpty() ? "" : BenchTags.run(steps.get(0).path("tag").asText());
        String runPrefix = BenchTags.runHealthUserPrefix(run);
        try (Connection c = connect()) {
            result.put("drainSeconds", waitForPoints(c, runPrefix, expected, quietMs, timeoutMs) / 1000.0);
            String sql = "select count(*) as points, extract(epoch from max(stored_at)) * 1000 as last_stored_ms"
                    + " from health_metrics where provider = 'apple-health' and starts_with(user_id, ?)";
            List<Map<String, Object>> rows = perStep(c, steps, sql, BenchTags::healthUserPrefix, (step, rs, row) -> {
                long points = rs.getLong("points");
                double lastStored = rs.getDouble("last_stored_ms");
                double window = lastStored - step.path("firstSentMs").asDouble();
                row.put("points", points);
                row.put("pointsPerSecond", points > 0 && window > 0 ? points * 1000.0 / window : null);
                row.put(
                        "storeEndedAfterLastAnswerMs",
                        points > 0
                                ? Math.round(
                                        lastStored - step.path("lastReceivedMs").asDouble())
                                : null);
            });
            result.put("steps", rows);
            result.put("copyBaseline", copyBaseline(c, runPrefix, Long.parseLong(option("--copy-rows", "300000"))));
        }
        return result;
    }

    /** Polls until {@code expected} points of the run are stored or none arrived for {@code quietMs}. */
    private long waitForPoints(Connection c, String prefix, long expected, long quietMs, long timeoutMs)
            throws Exception {
        long started = System.currentTimeMillis();
        long last = -1;
        long lastChange = started;
        try (PreparedStatement q = c.prepareStatement(
                "select count(*) from health_metrics where provider = 'apple-health' and starts_with(user_id, ?)")) {
            q.setString(1, prefix);
            while (System.currentTimeMillis() - started < timeoutMs) {
                long now;
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    now = rs.getLong(1);
                }
                if (expected > 0 && now >= expected) {
                    break;
                }
                if (now != last) {
                    last = now;
                    lastChange = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastChange > quietMs) {
                    break;
                }
                Thread.sleep(1000);
            }
        }
        return System.currentTimeMillis() - started;
    }

    private static final int COPY_ROUNDS = 3;

    /**
     * COPY of the rows the run stored (at most {@code limit}), read out first, into a scratch table
     * built like {@code health_metrics}: same columns, defaults, primary key and index, partitioned by
     * month. The COPY is one statement in autocommit, so the time includes its durable commit; it starts
     * after a checkpoint. Three rounds, each into a new table; the best is reported, with all of them.
     */
    private Map<String, Object> copyBaseline(Connection c, String prefix, long limit) throws Exception {
        String table = "bench_copy_" + UUID.randomUUID().toString().substring(0, 8);
        String columns = "user_id, metric, start_time, end_time, value, value2, unit, provider, device,"
                + " source_record_id, original_value, original_unit, details, source_updated_at";
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        String runRows = " from health_metrics where provider = 'apple-health'"
                + " and starts_with(user_id, '" + prefix.replace("'", "''") + "')";
        String select = "select " + columns + runRows + " limit " + limit;
        long count = copy.copyOut("copy (" + select + ") to stdout", rows);
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("rows", count);
        if (count == 0) {
            return baseline;
        }
        LocalDate first;
        LocalDate last;
        try (Statement s = c.createStatement();
                // Over all of the run's rows: a second "limit" without an order may pick other rows
                // than the COPY read, and a row outside the partitions made fails the COPY.
                ResultSet rs = s.executeQuery("select min(start_time) at time zone 'UTC', max(start_time) at time zone"
                        + " 'UTC'" + runRows)) {
            rs.next();
            first = rs.getTimestamp(1).toLocalDateTime().toLocalDate().withDayOfMonth(1);
            last = rs.getTimestamp(2).toLocalDateTime().toLocalDate();
        }
        byte[] data = rows.toByteArray();
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < COPY_ROUNDS; round++) {
            baseline.put("rows", copyRound(c, copy, table + "_" + round, columns, first, last, data, rounds));
        }
        // The limit is the best round: a slower one measured the machine's other work (the kernel
        // still writing back the ingest's files), not what COPY can do.
        double best = rounds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        baseline.put("bytes", data.length);
        baseline.put("seconds", ((Number) baseline.get("rows")).longValue() / best);
        baseline.put("rowsPerSecond", best);
        baseline.put("rounds", rounds);
        return baseline;
    }

    /** One COPY of {@code data} into a fresh table built like {@code health_metrics}; adds its rows/s. */
    private static long copyRound(
            Connection c,
            CopyManager copy,
            String table,
            String columns,
            LocalDate first,
            LocalDate last,
            byte[] data,
            List<Double> rounds)
            throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("create table " + table + " (like health_metrics including defaults including constraints)"
                    + " partition by range (start_time)");
            s.execute("alter table " + table + " add primary key (user_id, metric, provider, source_record_id,"
                    + " start_time)");
            s.execute("create index on " + table + " (user_id, metric, start_time)");
            for (LocalDate month = first; !month.isAfter(last); month = month.plusMonths(1)) {
                s.execute("create table " + table + "_" + month.getYear() + "_" + month.getMonthValue()
                        + " partition of " + table + " for values from ('"
                        + month.atStartOfDay().atOffset(ZoneOffset.UTC) + "') to ('"
                        + month.plusMonths(1).atStartOfDay().atOffset(ZoneOffset.UTC) + "')");
            }
        }
        try {
            try (Statement s = c.createStatement()) {
                // The run's writes are still being checkpointed (an ingest requests a checkpoint every
                // 20 to 25 s here), which took the baseline anywhere from 66,000 to 109,000 rows/s:
                // each round is measured once they are on disk.
                s.execute("checkpoint");
            }
            long started = System.nanoTime();
            long copied =
                    copy.copyIn("copy " + table + " (" + columns + ") from stdin", new ByteArrayInputStream(data));
            rounds.add(copied / ((System.nanoTime() - started) / 1e9));
            return copied;
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("drop table " + table);
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Fills a step's row from the one result row of a per-step query. */
    @FunctionalInterface
    private interface StepReader {
        void read(JsonNode step, ResultSet rs, Map<String, Object> row) throws SQLException;
    }

    /** Runs {@code sql}, whose one parameter is the step's prefix, once per step. */
    private static List<Map<String, Object>> perStep(
            Connection c, List<JsonNode> steps, String sql, Function<String, String> prefix, StepReader reader)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (JsonNode step : steps) {
                q.setString(1, prefix.apply(step.path("tag").asText()));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    Map<String, Object> row = stepRow(step);
                    reader.read(step, rs, row);
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> stepRow(JsonNode step) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step.path("step").asText());
        row.put("tag", step.path("tag").asText());
        return row;
    }

    private static Double millis(Object interval) throws SQLException {
        if (interval instanceof org.postgresql.util.PGInterval i) {
            return ((((i.getDays() * 24.0) + i.getHours()) * 60 + i.getMinutes()) * 60 + i.getSeconds()) * 1000;
        }
        return null;
    }
}
