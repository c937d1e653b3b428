package io.partshift.cli;

import io.partshift.localpg.LocalPostgres;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import io.partshift.config.SpecReader;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.localpg.load.RowComparison;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.state.Phase;
import io.partshift.swapper.TableLifecycle;

/**
 * {@code partshift demo}: the whole tool on an embedded default. It starts a throw-away PostgreSQL, creates a
 * sample {@code events} table, and runs the same commands a user would (plan, prepare, verify) against it, printing
 * each command line first so it can be copied.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a local PostgreSQL, creates a sample events table, and migrates it online into a "
                + "partitioned table while two writers change it: copy, stream, converge, verify, cut over, keep the old "
                + "table current for rollback; then compares both row by row, shows pruning and finalizes.")
final class DemoCommand implements Callable<Integer> {
    private static final String TABLE = "public.events";
    private static final String OLD = "public.events_partshift_old";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "200000",
            description = "Rows in the sample events table (default: 200000).")
    int rows;

    private volatile Exception failure;

    @Option(names = "--keep", description = "Leave PostgreSQL running at the end and wait for Ctrl-C, to look around with psql.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (rows < 1) {
            throw new io.partshift.config.BadInputException("--rows " + rows + " is not a row count: give a positive number, e.g. --rows 200000.");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LocalPostgres pg = LocalPostgres.start(LocalPostgres.Settings.defaults())) {
            pg.createDatabase("demo");
            String url = pg.jdbcUrl("demo");
            step(out, "PostgreSQL " + serverVersion(pg) + " is running at " + url + " (" + pg.strategy()
                    .name().toLowerCase(java.util.Locale.ROOT) + " binaries, wal_level=logical)");
            try (Connection c = pg.connect("demo")) {
                long started = System.nanoTime();
                io.partshift.localpg.load.EventsTable.create(c, rows);
                step(out, "created " + TABLE + " with " + rows + " rows of campaign events over two years in "
                        + millis(started) + " ms");

                List<String> connection = List.of("--url", url, "--user", pg.superuser());
                List<String> scheme = List.of("--table", TABLE, "--partition-by", "RANGE (created_at)",
                        "--interval", "1 month", "--premake", "3");
                int code = command(out, "plan", connection, scheme);
                if (code != 0) {
                    return code;
                }
                onlineMigration(out, pg, url, connection, scheme);
                compare(out, c);

                LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
                String query = "SELECT count(*) FROM " + TABLE + " WHERE created_at >= '" + month
                        + "' AND created_at < '" + month.plusMonths(1) + "'";
                code = command(out, "verify", connection, List.of("--table", TABLE, "--query", query));
                if (code != 0) {
                    return code;
                }
                command(out, "status", connection, List.of("--table", TABLE));
                code = command(out, "finalize", connection, List.of("--table", TABLE));
                if (code != 0) {
                    return code;
                }
            }
            if (keep) {
                step(out, "PostgreSQL stays up: psql -h " + pg.host() + " -p " + pg.port() + " -U " + pg.superuser()
                        + " demo   (Ctrl-C stops it)");
                new CountDownLatch(1).await();
            }
            step(out, "demo finished; stopping PostgreSQL");
            return ExitCode.OK;
        }
    }

    /** Runs a partshift command in this JVM exactly as a user would type it, and returns its exit code. */
    private int command(PrintWriter out, String name, List<String> connection, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(name);
        argv.addAll(connection);
        argv.addAll(args);
        step(out, "$ partshift " + String.join(" ", argv.stream().map(DemoCommand::shellQuote).toList()));
        CommandLine cli = Partshift.newCommandLine();
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(argv.toArray(String[]::new));
    }

    /**
     * What {@code partshift migrate} does, with a live write load on the table the whole time: prepare, copy while
     * streaming, catch up, converge, verify, cut over; then the writers keep writing the partitioned table while the
     * reverse stream keeps the old one current. The writers stop, both streams prove they caught up, and the run
     * stops as Ctrl-C would stop it.
     */
    private void onlineMigration(PrintWriter out, LocalPostgres pg, String url, List<String> connection,
                                 List<String> scheme) throws Exception {
        Properties writer = new Properties();
        writer.setProperty("user", pg.superuser());
        // 2 x 400 tx/s: a busy table, and one the applier can catch up with on a laptop that also runs the server.
        EventsWriteLoad load = new EventsWriteLoad(url, writer, 2, Duration.ofMinutes(10)).withRateLimit(400);
        load.start();
        step(out, "two writers are inserting, updating (keys and partition keys too) and deleting events");
        List<String> argv = new ArrayList<>(connection);
        argv.addAll(scheme);
        argv.addAll(List.of("--lag-interval", "2s", "--converge-window", "3s", "--cutover-lag", "1s"));
        step(out, "$ partshift migrate " + String.join(" ", argv.stream().map(DemoCommand::shellQuote).toList())
                + "   (lag lines below, on stderr)");
        TableLifecycle lifecycle = new TableLifecycle(SpecReader.read(Optional.empty(), flags(argv), Map.of())
                .migration(), Clock.systemUTC());
        Thread runner = new Thread(() -> {
            try {
                lifecycle.run(TableLifecycle.Goal.RUN);
            } catch (Migration.StoppedException stopped) {
                // the demo stops it below
            } catch (Exception e) {
                failure = e;
            }
        }, "demo-migrate");
        runner.start();
        boolean writing = true;
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (lifecycle.phase() != Phase.CUT_OVER && failure == null && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (failure != null) {
                throw failure;
            }
            if (lifecycle.phase() != Phase.CUT_OVER) {
                throw new IllegalStateException("the migration did not cut over within 10 minutes");
            }
            step(out, TABLE + " is the partitioned table now; the writers went on writing it without a restart");
            Thread.sleep(3_000);
            EventsWriteLoad.Stats stats = load.stop();
            writing = false;
            step(out, "writers stopped after " + stats.total() + " transactions " + stats.committed()
                    + "; slowest write " + stats.maxLatencyMicros() / 1000 + " ms");
            lifecycle.awaitCaughtUp(Duration.ofMinutes(2));
            step(out, "the reverse stream has applied every change to " + OLD + " too (a marker row came back), so"
                    + " 'partshift rollback' would lose nothing");
        } finally {
            if (writing) {
                load.close();
            }
            lifecycle.stop();
            runner.join(60_000);
            lifecycle.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The demo's command line as the flag map the spec reader takes. */
    private static Map<String, List<String>> flags(List<String> argv) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.size(); i += 2) {
            flags.put(argv.get(i).substring(2), List.of(argv.get(i + 1)));
        }
        return flags;
    }

    /** Row by row, both ways, on each row's full text (= is not identity). */
    private static void compare(PrintWriter out, Connection c) throws SQLException {
        RowComparison r = RowComparison.of(c, TABLE, OLD);
        step(out, "compared the new " + TABLE + " and the old " + OLD + " row by row: " + r.leftRows() + " and "
                + r.rightRows() + " rows, " + r.missing() + " missing, " + r.extra() + " extra");
        if (!r.equal()) {
            throw new IllegalStateException("the partitioned table differs from the old one: " + r);
        }
    }

    private static String serverVersion(LocalPostgres pg) throws SQLException {
        try (Connection c = pg.connect("demo"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void step(PrintWriter out, String text) {
        out.println();
        out.println("==> " + text);
        out.flush();
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String shellQuote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
