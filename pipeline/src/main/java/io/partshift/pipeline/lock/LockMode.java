package io.partshift.pipeline.lock;

import java.util.List;

/** The table lock modes partshift takes, with the SQL that names them and the granted modes that conflict. */
public enum LockMode {
    /**
     * Waits for in-flight writers and keeps new ones out while readers go on: a moment at which no transaction that
     * wrote the table is still open.
     */
    SHARE("SHARE", List.of("RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareRowExclusiveLock", "ExclusiveLock",
            "AccessExclusiveLock")),
    /**
     * Keeps writers (and SELECT FOR UPDATE) out while plain reads go on: the swap holds this while the applier drains,
     * since the applier may still read the source (a row it must re-read), and upgrades to ACCESS EXCLUSIVE after.
     */
    EXCLUSIVE("EXCLUSIVE", List.of("RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
            "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")),
    /** Keeps everyone out, readers too: what renaming the table at cutover needs. */
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE", List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"));

    private final String sql;
    private final List<String> conflicting;

    LockMode(String sql, List<String> conflicting) {
        this.sql = sql;
        this.conflicting = conflicting;
    }

    /** As in {@code LOCK TABLE t IN <sql> MODE}. */
    public String sql() {
        return sql;
    }

    /** The {@code pg_locks.mode} values that conflict with this mode. */
    List<String> conflictingModes() {
        return conflicting;
    }
}
