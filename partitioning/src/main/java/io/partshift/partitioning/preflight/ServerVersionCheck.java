package io.partshift.partitioning.preflight;

/**
 * PostgreSQL 13 or newer: the reverse stream that keeps the old table current after cutover publishes the partitioned
 * table's changes under its own name, which needs {@code publish_via_partition_root} (new in 13).
 */
final class ServerVersionCheck extends NamedCheck {
    static final String NAME = "server-version";
    static final int MINIMUM = 130000;

    ServerVersionCheck() {
        super(NAME, false);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        ServerInfo server = context.server();
        if (server.versionNum() < MINIMUM) {
            return CheckResult.fail(NAME, "PostgreSQL " + server.version() + " is too old: partshift needs 13 or"
                    + " newer for publish_via_partition_root, which the reverse stream after cutover relies on, so"
                    + " upgrade the server first.");
        }
        return CheckResult.ok(NAME, "PostgreSQL " + server.version());
    }
}
