package io.partshift.partitioning.preflight;

import java.util.Objects;

/**
 * What one check found. A {@code FAIL} message is one sentence saying what is wrong and how to fix it; a
 * {@code WARN} is something the operator should know but that does not stop the migration.
 */
public record CheckResult(String check, Status status, String message) {
    public enum Status {
        OK, WARN, FAIL, SKIPPED
    }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static CheckResult ok(String check, String message) {
        return new CheckResult(check, Status.OK, message);
    }

    public static CheckResult warn(String check, String message) {
        return new CheckResult(check, Status.WARN, message);
    }

    public static CheckResult fail(String check, String message) {
        return new CheckResult(check, Status.FAIL, message);
    }

    public static CheckResult skipped(String check, String message) {
        return new CheckResult(check, Status.SKIPPED, message);
    }
}
