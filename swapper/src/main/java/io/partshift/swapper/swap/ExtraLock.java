package io.partshift.swapper.swap;

import java.util.Objects;

/**
 * A relation besides the two tables that a swap's statements lock, and how. The orchestrator should take these
 * before the source (in one LOCK per mode, under its lock timeout): the application locks a view before the table
 * under it, so a swap that locks the table first and the view second can deadlock with a query on the view.
 *
 * @param relation schema-qualified, quoted for SQL
 * @param mode     the lock mode as LOCK TABLE spells it, e.g. {@code ACCESS EXCLUSIVE}
 * @param why      what in the swap takes it
 */
public record ExtraLock(String relation, String mode, String why) {
    public ExtraLock {
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(why, "why");
    }

    /** {@code LOCK TABLE <relation> IN <mode> MODE}. */
    public String lockStatement() {
        return "LOCK TABLE " + relation + " IN " + mode + " MODE";
    }
}
