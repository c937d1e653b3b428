package io.partshift.cli.bench;

import io.partshift.config.BadInputException;
import io.partshift.localpg.LocalPostgres;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code partshift bench}: measures, on a throw-away local PostgreSQL, what the README's performance table claims.
 * Progress goes to stderr; stdout is the table alone, so it can be pasted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Starts a local PostgreSQL, creates the sample events table and measures: a raw INSERT ... SELECT "
                + "into partshift's shadow against partshift's copy (parallelism 1 and 2), the applier against live "
                + "writers (rate, lag, catch-up) and against a backlog, and this JVM's heap.",
                "Prints one table of measure, value, goal and whether it was met. Speed depends on the machine: "
                        + "compare numbers from the same run."})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000",
            description = "Rows in the sample events table (default: 1000000).")
    int rows;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "2",
            description = "Writer connections during the streaming phase (default: 2).")
    int writers;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "30",
            description = "Length of the streaming phase's write window, and of the backlog's (default: 30).")
    int seconds;

    @Option(names = "--format", paramLabel = "plain|markdown", defaultValue = "plain",
            description = "plain: aligned text; markdown: a table to paste into the README (default: plain).")
    String format;

    @Override
    public Integer call() throws Exception {
        BenchTable.Format tableFormat = validate();
        PrintWriter progress = spec.commandLine().getErr();
        try (LocalPostgres pg = LocalPostgres.start(LocalPostgres.Settings.defaults())) {
            BenchRun.Result result = new BenchRun(pg, new BenchRun.Settings(rows, writers, Duration.ofSeconds(seconds)),
                    progress).run();
            BenchTable.print(spec.commandLine().getOut(), tableFormat, result.facts(), result.measures());
        }
        return 0;
    }

    private BenchTable.Format validate() {
        if (rows < 1) {
            throw new BadInputException("--rows " + rows + " is not a row count: give a positive number, e.g. --rows 1000000.");
        }
        if (writers < 1) {
            throw new BadInputException("--writers " + writers + " is too few: the streaming phase needs at least 1 writer.");
        }
        if (seconds < 1) {
            throw new BadInputException("--seconds " + seconds + " is too short: give at least 1, e.g. --seconds 30.");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "plain" -> BenchTable.Format.PLAIN;
            case "markdown" -> BenchTable.Format.MARKDOWN;
            default -> throw new BadInputException("--format " + format + " is not one of: plain, markdown.");
        };
    }
}
