package io.partshift.partitioning.preflight;

import java.sql.SQLException;

/** One thing that must hold before partshift may touch the database. Implementations only read. */
public interface PreflightCheck {
    /** A short kebab-case name for the report, e.g. {@code has-primary-key}. */
    String name();

    /** Whether the check can run without the source table (most need it). */
    default boolean needsTable() {
        return true;
    }

    CheckResult run(PreflightContext context) throws SQLException;
}
