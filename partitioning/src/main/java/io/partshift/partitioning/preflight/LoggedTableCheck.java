package io.partshift.partitioning.preflight;

import io.partshift.partitioning.catalog.SourceTable;

/**
 * The source is WAL-logged: logical decoding never sees changes to unlogged tables, so writes made during the copy
 * would be lost without an error; a temporary table lives only in the session that created it.
 */
final class LoggedTableCheck extends NamedCheck {
    static final String NAME = "logged-table";

    LoggedTableCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        String t = table.ref().sql();
        return switch (table.persistence()) {
            case 'u' -> CheckResult.fail(NAME, t + " is UNLOGGED, so logical decoding cannot see the writes made"
                    + " while it is copied and they would be lost: make it logged first with ALTER TABLE " + t
                    + " SET LOGGED (this rewrites the table under an exclusive lock).");
            case 't' -> CheckResult.fail(NAME, t + " is a TEMPORARY table, visible only to the session that created"
                    + " it and never decoded: copy its rows into an ordinary table and migrate that one.");
            default -> CheckResult.ok(NAME, t + " is a permanent, WAL-logged table");
        };
    }
}
