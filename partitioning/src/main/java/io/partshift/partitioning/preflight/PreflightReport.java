package io.partshift.partitioning.preflight;

import io.partshift.config.BadInputException;

import java.util.List;
import java.util.Locale;

/** What every check found, in the order they ran. */
public record PreflightReport(List<CheckResult> results) {
    public PreflightReport {
        results = List.copyOf(results);
    }

    public List<CheckResult> failures() {
        return withStatus(CheckResult.Status.FAIL);
    }

    public List<CheckResult> warnings() {
        return withStatus(CheckResult.Status.WARN);
    }

    /** True when no check failed (warnings and skipped checks do not stop a migration). */
    public boolean passed() {
        return failures().isEmpty();
    }

    /** The result of the check named {@code check}. */
    public CheckResult result(String check) {
        return results.stream().filter(r -> r.check().equals(check)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check named " + check + " ran"));
    }

    /**
     * Stops the command with the first failure's sentence, since the CLI prints one sentence for exit code 2; the
     * count points the operator to {@link #text()} for the rest.
     */
    public void throwIfFailed() {
        List<CheckResult> failures = failures();
        if (failures.isEmpty()) {
            return;
        }
        String first = failures.get(0).message();
        if (failures.size() == 1) {
            throw new BadInputException(first);
        }
        int more = failures.size() - 1;
        String sentence = first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
        throw new BadInputException(sentence + " (and " + more + " more problem" + (more == 1 ? "" : "s") + ").");
    }

    /** One line per check: {@code ok}, {@code warn}, {@code FAIL} or {@code skip}, its name, and its message. */
    public String text() {
        int width = results.stream().mapToInt(r -> r.check().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (CheckResult r : results) {
            out.append(String.format(Locale.ROOT, "%-4s  %-" + Math.max(width, 1) + "s  %s%n", label(r.status()),
                    r.check(), r.message()));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private static String label(CheckResult.Status status) {
        return switch (status) {
            case OK -> "ok";
            case WARN -> "warn";
            case FAIL -> "FAIL";
            case SKIPPED -> "skip";
        };
    }

    private List<CheckResult> withStatus(CheckResult.Status status) {
        return results.stream().filter(r -> r.status() == status).toList();
    }
}
