package io.partshift.pipeline;

import io.partshift.config.MigrationSpec;
import io.partshift.config.SpecReader;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.localpg.load.RowComparison;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a migration in the background of a test, with a write load, and compares source and shadow row by row. */
final class MigrationHarness implements AutoCloseable {
    private final TestDatabase db;
    private final MigrationSpec spec;
    private Migration migration;
    private Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** {@code options}: flag name, value, flag name, value... on top of the connection, table and fast test timings. */
    MigrationHarness(TestDatabase db, String table, String... options) {
        this.db = db;
        Map<String, List<String>> flags = new LinkedHashMap<>();
        flags.put("url", List.of(db.url()));
        flags.put("user", List.of(db.user()));
        flags.put("table", List.of(table));
        flags.put("lag-interval", List.of("1s"));
        flags.put("converge-window", List.of("1s"));
        flags.put("cutover-lag", List.of("2s"));
        flags.put("copy-chunk-rows", List.of("1000"));
        for (int i = 0; i < options.length; i += 2) {
            flags.put(options[i], List.of(options[i + 1]));
        }
        this.spec = SpecReader.read(Optional.empty(), flags, Map.of()).migration();
    }

    MigrationSpec spec() {
        return spec;
    }

    Migration start() {
        migration = new Migration(spec, Clock.systemUTC());
        runner = new Thread(() -> {
            try {
                migration.run();
            } catch (Migration.StoppedException e) {
                // stopped by the test
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-migration");
        runner.start();
        return migration;
    }

    void awaitPhase(io.partshift.pipeline.state.Phase phase, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (migration.phase() != phase) {
            if (failure.get() != null) {
                throw new AssertionError("the migration failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the migration did not reach " + phase + " within " + timeout + "; it is "
                        + migration.phase() + ", lag " + migration.lag());
            }
            Thread.sleep(100);
        }
    }

    /** Stops the migration and waits for its thread; rethrows its failure if it had one. */
    void stop() throws Exception {
        if (migration != null) {
            migration.stop();
            runner.join(60_000);
            migration.close();
            migration = null;
        }
        if (failure.get() != null) {
            throw new AssertionError("the migration failed", failure.get());
        }
    }

    EventsWriteLoad writeLoad(int connections) {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        // Capped: these tests prove correctness under every kind of concurrent change, not throughput (that is the
        // bench's job); 500 tx/s per writer is a busy table, yet leaves the applier room on a shared 2-core machine.
        return new EventsWriteLoad(db.url(), p, connections, Duration.ofMinutes(5)).withRateLimit(500);
    }

    /** Row by row: every row's full text must be in both tables as often (= is not identity: 1.10 = 1.1). */
    void assertShadowEqualsSource() throws Exception {
        String source = spec.table().sql();
        String shadow = spec.names().shadow().sql();
        try (Connection c = db.connect()) {
            RowComparison r = RowComparison.of(c, source, shadow);
            assertTrue(r.equal(), () -> "shadow differs from source: " + r + "; for example:\n"
                    + sample(c, source, shadow) + sample(c, shadow, source));
        }
    }

    /** A few rows of {@code a} that are not in {@code b}, next to {@code b}'s row with the same first column. */
    private static String sample(Connection c, String a, String b) {
        String sql = "SELECT d.t, (SELECT o::text FROM " + b + " o WHERE"
                + " split_part(trim(both '()' from o::text), ',', 1) = split_part(trim(both '()' from d.t), ',', 1) LIMIT 1)"
                + " FROM (SELECT t::text AS t FROM " + a + " t EXCEPT ALL SELECT t::text FROM " + b + " t) d LIMIT 5";
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sb.append("  in ").append(a).append(": ").append(abbreviate(rs.getString(1))).append("\n    in ")
                        .append(b).append(": ").append(abbreviate(rs.getString(2))).append('\n');
            }
        } catch (Exception e) {
            sb.append("  (sample failed: ").append(e.getMessage()).append(")\n");
        }
        return sb.toString();
    }

    private static String abbreviate(String row) {
        return row == null ? "(none)" : row.length() > 300 ? row.substring(0, 300) + "..." : row;
    }


    @Override
    public void close() throws Exception {
        stop();
    }
}
