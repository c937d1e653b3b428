package io.partshift.cli.bench;

import io.partshift.cli.Partshift;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code partshift bench} runs end to end on a tiny table and prints every row. Speed is never asserted. */
class BenchIT {
    private static final List<String> LABELS = List.of(
            "source rows",
            "source size (table + TOAST + indexes)",
            "raw INSERT INTO shadow SELECT * FROM source",
            "partshift copy, --copy-parallelism 1",
            "raw time / partshift time, parallelism 1",
            "partshift copy, --copy-parallelism 2",
            "raw time / partshift time, parallelism 2",
            "writers' committed tx/s, migration running",
            "applier's applied events/s, same window",
            "lag during writes, median",
            "lag during writes, max",
            "catch-up after the writers stop",
            "writers' committed tx/s, migration stopped",
            "applier capacity (works off a backlog)",
            "applier capacity / writers' tx/s, migration running",
            "peak heap used (just before a GC)",
            "largest heap left after a GC");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void runsOnATinyTableAndPrintsEveryRow() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Partshift());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("bench", "--rows", "20000", "--seconds", "3", "--format", "markdown");

        String report = "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        assertEquals(0, code, report);
        assertTrue(out.toString().contains("| measure | value | goal | met |"), report);
        assertTrue(out.toString().contains("cores"), report);
        assertTrue(out.toString().contains("PostgreSQL 15"), report);
        for (String label : LABELS) {
            assertTrue(out.toString().contains("| " + label + " |"), () -> "missing row '" + label + "'\n" + report);
        }
    }

    @Test
    void refusesAnUnknownFormatAsBadInput() {
        assertEquals(2, Partshift.run("bench", "--format", "html"));
    }
}
