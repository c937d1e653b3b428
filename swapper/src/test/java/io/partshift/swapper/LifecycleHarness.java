package io.partshift.swapper;

import io.partshift.config.MigrationSpec;
import io.partshift.config.SpecReader;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.localpg.load.RowComparison;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.state.StateSchema;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a {@link TableLifecycle} in a thread the way {@code partshift migrate} does, and talks to it like the CLI. */
final class LifecycleHarness implements AutoCloseable {
    private final TestDatabase db;
    private final MigrationSpec spec;
    private TableLifecycle lifecycle;
    private Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<TableLifecycle.Outcome> outcome = new AtomicReference<>();

    LifecycleHarness(TestDatabase db, String... options) {
        this.db = db;
        Map<String, List<String>> flags = new LinkedHashMap<>();
        flags.put("url", List.of(db.url()));
        flags.put("user", List.of(db.user()));
        flags.put("table", List.of("public.events"));
        flags.put("lag-interval", List.of("1s"));
        flags.put("converge-window", List.of("1s"));
        flags.put("cutover-lag", List.of("2s"));
        flags.put("copy-chunk-rows", List.of("2000"));
        for (int i = 0; i < options.length; i += 2) {
            flags.put(options[i], List.of(options[i + 1]));
        }
        this.spec = SpecReader.read(Optional.empty(), flags, Map.of()).migration();
    }

    TableLifecycle start(TableLifecycle.Goal goal) {
        lifecycle = new TableLifecycle(spec, Clock.systemUTC());
        outcome.set(null);
        failure.set(null);
        runner = new Thread(() -> {
            try {
                outcome.set(lifecycle.run(goal));
            } catch (Migration.StoppedException e) {
                // stopped by the test
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-lifecycle");
        runner.start();
        return lifecycle;
    }

    /** Waits until the stored phase is {@code phase}. */
    void awaitStoredPhase(Phase phase, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (storedPhase() != phase) {
            if (failure.get() != null) {
                throw new AssertionError("the lifecycle failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + phase + " within " + timeout + "; stored " + storedPhase()
                        + ", running " + (lifecycle == null ? null : lifecycle.phase()));
            }
            Thread.sleep(100);
        }
    }

    Phase storedPhase() throws Exception {
        try (Connection c = db.connect()) {
            return new MigrationStore(new StateSchema("partshift"), spec.names()).read(c)
                    .map(r -> r.phase()).orElse(null);
        }
    }

    /** Asks the running lifecycle, as another shell would, and waits for its answer. */
    ControlRequests.Result ask(ControlRequests.Action action, Duration timeout) throws Exception {
        ControlRequests requests = new ControlRequests(new StateSchema("partshift"), spec.names());
        try (Connection c = db.connect()) {
            long id = requests.post(c, action);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<ControlRequests.Result> r = requests.result(c, id);
                if (r.isPresent()) {
                    return r.get();
                }
                if (failure.get() != null) {
                    throw new AssertionError("the lifecycle failed", failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(action + " not answered within " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits for the run to end by itself and returns how it ended. */
    TableLifecycle.Outcome awaitEnd(Duration timeout) throws Exception {
        runner.join(timeout.toMillis());
        if (failure.get() != null) {
            throw new AssertionError("the lifecycle failed", failure.get());
        }
        assertTrue(outcome.get() != null, "the lifecycle ended within " + timeout);
        lifecycle.close();
        return outcome.get();
    }

    TableLifecycle lifecycle() {
        return lifecycle;
    }

    MigrationSpec spec() {
        return spec;
    }

    EventsWriteLoad writeLoad() {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        return new EventsWriteLoad(db.url(), p, 2, Duration.ofMinutes(5)).withRateLimit(300);
    }

    LedgerWriter ledger() {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        return new LedgerWriter(db.url(), p);
    }

    /** Row by row (each row's full text, = is not identity). */
    void assertEqual(String a, String b) throws Exception {
        try (Connection c = db.connect()) {
            RowComparison r = RowComparison.of(c, a, b);
            assertTrue(r.equal(), () -> a + " and " + b + " differ: " + r);
        }
    }

    /** The relkind of {@code table}: 'p' partitioned, 'r' plain; empty when absent. */
    String relkind(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT relkind FROM pg_class WHERE oid = to_regclass('" + table + "')")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    void assertRelkind(String table, String expected) throws Exception {
        assertEquals(expected, relkind(table), table);
    }

    @Override
    public void close() throws Exception {
        if (lifecycle != null) {
            lifecycle.stop();
            if (runner != null) {
                runner.join(60_000);
            }
            lifecycle.close();
        }
    }
}
