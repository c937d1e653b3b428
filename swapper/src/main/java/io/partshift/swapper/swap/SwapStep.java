package io.partshift.swapper.swap;

import java.util.Objects;

/**
 * One statement of a swap and what it is for, so the log can say why each runs.
 *
 * @param sql     one statement, every name schema-qualified: the session's search_path does not matter
 * @param purpose a few words for the log, e.g. {@code grant: SELECT to reporting}
 */
public record SwapStep(String sql, String purpose) {
    public SwapStep {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(purpose, "purpose");
    }

    @Override
    public String toString() {
        return purpose + ": " + sql;
    }
}
