package io.partshift.cli.bench;

import io.partshift.config.MigrationSpec;
import io.partshift.localpg.LocalPostgres;
import io.partshift.localpg.load.EventsTable;
import io.partshift.pipeline.state.Phase;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's steps, in the order they run, on one database: the sample table, the raw baseline, partshift's copy at
 * parallelism 1 (then aborted) and 2 (kept), the applier against writers and against a backlog, and the heap.
 */
final class BenchRun {
    static final String DATABASE = "bench";
    private static final int DEFAULT_PARALLELISM = 2;
    private static final double COPY_GOAL = 0.9;
    private static final double CAPACITY_GOAL = 3.0;
    private static final long LAG_GOAL_MILLIS = 1_000;
    private static final long HEAP_GOAL_ROWS = 5_000_000;
    private static final long HEAP_GOAL_BYTES = 256L * 1024 * 1024;

    /** What the command asked for. */
    record Settings(int rows, int writers, Duration window) {
    }

    /** The facts printed above the table, and its rows. */
    record Result(List<String> facts, List<Measure> measures) {
    }

    private final LocalPostgres pg;
    private final Settings settings;
    private final PrintWriter progress;
    private final List<Measure> measures = new ArrayList<>();
    /** The write window's rate, which the applier's capacity is held against. */
    private double writersTxPerSecond;

    BenchRun(LocalPostgres pg, Settings settings, PrintWriter progress) {
        this.pg = pg;
        this.settings = settings;
        this.progress = progress;
    }

    Result run() throws Exception {
        try (HeapWatch heap = HeapWatch.start()) {
            pg.createDatabase(DATABASE);
            String url = pg.jdbcUrl(DATABASE);
            BenchSpec specs = new BenchSpec(url, pg.superuser());
            List<String> facts;
            try (Connection c = pg.connect(DATABASE)) {
                facts = facts(c);
                say("bench: creating " + BenchSpec.TABLE + " with " + settings.rows() + " rows");
                EventsTable.create(c, settings.rows());
                CopyBench copy = new CopyBench(c, specs, progress);
                copy.settleSource();
                long rows = source(c);
                copies(copy, rows, specs);
            }
            heap(heap);
            return new Result(facts, List.copyOf(measures));
        }
    }

    private long source(Connection c) throws SQLException {
        long rows = query(c, "SELECT count(*) FROM " + BenchSpec.TABLE);
        long size = query(c, "SELECT pg_total_relation_size('" + BenchSpec.TABLE + "')");
        long heapSize = query(c, "SELECT pg_relation_size('" + BenchSpec.TABLE + "')");
        measures.add(Measure.info("source rows", Units.count(rows)));
        measures.add(Measure.info("source size (table + TOAST + indexes)",
                Units.bytes(size) + " (table alone " + Units.bytes(heapSize) + ")"));
        return rows;
    }

    private void copies(CopyBench copy, long rows, BenchSpec specs) throws Exception {
        long raw = copy.rawInsert();
        measures.add(Measure.info("raw INSERT INTO shadow SELECT * FROM source", Units.copy(raw, rows)));
        long one = copy.partshiftCopyThenAbort(1);
        copyMeasures(1, one, raw, rows);
        MigrationSpec spec = specs.withCopyParallelism(DEFAULT_PARALLELISM);
        StreamBench stream = new StreamBench(pg.jdbcUrl(DATABASE), pg.superuser(), settings.writers(),
                settings.window(), progress);
        try (RunningMigration migration = copy.startCopy(spec, DEFAULT_PARALLELISM)) {
            long two = migration.timeCopy(CopyBench.COPY_TIMEOUT);
            copyMeasures(DEFAULT_PARALLELISM, two, raw, rows);
            say("bench: copy done; waiting for the migration to converge");
            migration.awaitPhase(Phase.CONVERGED, Duration.ofMinutes(5));
            window(stream.underWrites(migration));
        }
        drain(stream.backlog(spec));
    }

    private void copyMeasures(int parallelism, long nanos, long raw, long rows) {
        measures.add(Measure.info("partshift copy, --copy-parallelism " + parallelism, Units.copy(nanos, rows)));
        double ratio = (double) raw / nanos;
        measures.add(Measure.against("raw time / partshift time, parallelism " + parallelism, Units.ratio(ratio),
                ">= " + Units.ratio(COPY_GOAL), ratio >= COPY_GOAL));
    }

    private void window(StreamBench.Window w) {
        writersTxPerSecond = w.committedTx() / w.seconds();
        measures.add(Measure.info("writers' committed tx/s, migration running",
                Units.perSecond(writersTxPerSecond, "tx") + " (" + settings.writers() + " writers, "
                        + String.format(Locale.ROOT, "%.1f s", w.seconds()) + ")"));
        double applied = w.appliedEvents() / w.seconds();
        measures.add(Measure.info("applier's applied events/s, same window",
                Units.perSecond(applied, "events") + " (" + Units.ratio(applied / writersTxPerSecond)
                        + " of the tx/s; what is still in flight when the window ends is not counted)"));
        List<Long> lag = w.lagMillis().stream().sorted().toList();
        String goal = "< " + Units.millis(LAG_GOAL_MILLIS);
        if (lag.isEmpty()) {
            measures.add(Measure.notAvailable("lag during writes, median", "no lag report in the window", goal));
            measures.add(Measure.notAvailable("lag during writes, max", "no lag report in the window", goal));
        } else {
            long median = lag.get(lag.size() / 2);
            long max = lag.get(lag.size() - 1);
            String samples = " (" + lag.size() + " samples, 250 ms apart)";
            measures.add(Measure.against("lag during writes, median", Units.millis(median) + samples, goal,
                    median < LAG_GOAL_MILLIS));
            measures.add(Measure.against("lag during writes, max", Units.millis(max) + samples, goal,
                    max < LAG_GOAL_MILLIS));
        }
        measures.add(Measure.info("catch-up after the writers stop", Units.millis(w.catchUpNanos() / 1_000_000)
                + " (marker row round trip)"));
    }

    private void drain(StreamBench.Drain d) {
        String label = "applier capacity (works off a backlog)";
        String ratioLabel = "applier capacity / writers' tx/s, migration running";
        String goal = ">= " + Units.ratio(CAPACITY_GOAL);
        measures.add(Measure.info("writers' committed tx/s, migration stopped",
                Units.perSecond(d.backlogTx() / d.writeSeconds(), "tx") + " (the same writers with the machine to"
                        + " themselves)"));
        String backlog = Units.count(d.backlogTx()) + " tx backlog; " + Units.count(d.appliedEvents())
                + " events applied in " + Units.seconds(d.totalNanos()) + " incl. engine start";
        if (d.eventsPerSecond().isEmpty()) {
            measures.add(Measure.notAvailable(label, d.why() + " (" + backlog + ")", "-"));
            measures.add(Measure.notAvailable(ratioLabel, d.why(), goal));
            return;
        }
        double rate = d.eventsPerSecond().get();
        measures.add(Measure.info(label, Units.perSecond(rate, "events") + " (" + backlog + ")"));
        double ratio = rate / writersTxPerSecond;
        double unhindered = rate / (d.backlogTx() / d.writeSeconds());
        measures.add(Measure.against(ratioLabel, Units.ratio(ratio) + " (" + Units.ratio(unhindered)
                + " of the writers' rate with the migration stopped)", goal, ratio >= CAPACITY_GOAL));
    }

    private void heap(HeapWatch heap) {
        String goal = "5M rows in -Xmx256m";
        String peak = Units.bytes(heap.peakUsedBytes()) + " of " + HeapWatch.maxHeap();
        boolean fitsGoal = Runtime.getRuntime().maxMemory() <= HEAP_GOAL_BYTES;
        if (settings.rows() >= HEAP_GOAL_ROWS && fitsGoal) {
            measures.add(Measure.against("peak heap used (just before a GC)", peak + "; the run completed", goal, true));
        } else {
            measures.add(Measure.notAvailable("peak heap used (just before a GC)", peak + "; the goal needs"
                    + " --rows 5000000 with -Xmx256m or less", goal));
        }
        measures.add(Measure.info("largest heap left after a GC", heap.maxLiveAfterGcBytes().map(Units::bytes)
                .orElse("no GC ran")));
    }

    private List<String> facts(Connection c) throws SQLException {
        List<String> facts = new ArrayList<>();
        facts.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + Runtime.version() + ", max heap " + HeapWatch.maxHeap());
        facts.add("PostgreSQL " + text(c, "SHOW server_version") + " (" + pg.strategy().name().toLowerCase(Locale.ROOT)
                + " binaries, local, shared_buffers " + text(c, "SHOW shared_buffers") + ", fsync "
                + text(c, "SHOW fsync") + ", synchronous_commit " + text(c, "SHOW synchronous_commit") + ")");
        facts.add("table: " + settings.rows() + "-row sample events table; partshift " + BenchSpec.scheme());
        facts.add("write load: " + settings.writers() + " writers (EventsWriteLoad: inserts, updates, key moves,"
                + " deletes) for " + settings.window().toSeconds() + " s");
        return facts;
    }

    private static long query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
