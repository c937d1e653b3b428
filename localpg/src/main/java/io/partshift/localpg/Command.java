package io.partshift.localpg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one external program to completion, its output kept for the error message. */
final class Command {

    /** What a finished program left behind. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + (output.isBlank() ? "" : ":\n" + output.strip());
        }
    }

    private Command() {
    }

    /**
     * Output goes to a file rather than a pipe: pg_ctl's postmaster outlives pg_ctl, and a pipe it inherited
     * would keep a reader waiting for the end of a stream that never comes.
     */
    static Result run(List<String> command, Path workDir, Path outputFile, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(outputFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + " (" + e.getMessage() + ")", e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s; output so far:\n" + read(outputFile));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
        return new Result(List.copyOf(command), process.exitValue(), read(outputFile));
    }

    /** Runs a short query-like command (id, pg_config) and returns its output, or null if it failed. */
    static String outputOf(List<String> command, Path workDir) {
        try {
            Path out = Files.createTempFile("partshift-cmd", ".out");
            try {
                Result r = run(command, workDir, out, Duration.ofSeconds(30));
                return r.ok() ? r.output().strip() : null;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path file) throws IOException {
        // Decoded leniently: a server message in another encoding must not hide the error it explains.
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }
}
