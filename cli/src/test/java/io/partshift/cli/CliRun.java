package io.partshift.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the partshift command in this JVM and captures its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Partshift.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code command} with {@code --url} and {@code --user} for {@code url}, then {@code args}. */
    static CliRun against(String url, String user, String command, String... args) {
        List<String> argv = new ArrayList<>(List.of(command, "--url", url, "--user", user));
        argv.addAll(List.of(args));
        return of(argv.toArray(String[]::new));
    }

    /** Asserts what every bad input ends with: exit code 2, one "partshift: " line naming {@code expected}, no output. */
    void assertBadInput(String expected) {
        assertEquals(2, exitCode, this::toString);
        assertTrue(err.startsWith("partshift: "), this::toString);
        assertTrue(err.contains(expected),
                () -> "stderr should name '" + expected + "'\n" + this);
        assertTrue(out.isEmpty(), () -> "nothing on stdout for bad input\n" + this);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
