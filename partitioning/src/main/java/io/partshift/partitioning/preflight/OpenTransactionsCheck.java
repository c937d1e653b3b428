package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * No transaction would hold up the start. Creating a logical replication slot waits until every transaction that
 * had an xid when it began has ended, in any database: a forgotten prepared transaction makes it wait forever (a
 * failure), a long-running writer makes it wait that long (a warning).
 */
final class OpenTransactionsCheck extends NamedCheck {
    static final String NAME = "open-transactions";
    private static final int LISTED = 5;

    private static final String PREPARED = """
            SELECT gid, database, prepared FROM pg_prepared_xacts ORDER BY prepared
            """;
    // Read-only transactions get no xid and do not delay the slot, so only writers are listed.
    private static final String LONG_RUNNING = """
            SELECT pid, usename, datname, date_trunc('second', now() - xact_start) AS age
              FROM pg_stat_activity
             WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
               AND xact_start < now() - make_interval(secs => ?)
             ORDER BY xact_start
            """;

    private final Duration longerThan;

    OpenTransactionsCheck() {
        this(Duration.ofMinutes(1));
    }

    /** @param longerThan how old a writing transaction must be to be worth a warning */
    OpenTransactionsCheck(Duration longerThan) {
        super(NAME, false);
        this.longerThan = Objects.requireNonNull(longerThan, "longerThan");
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        List<String> prepared = new ArrayList<>();
        String gid = null;
        try (PreparedStatement ps = context.connection().prepareStatement(PREPARED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                gid = gid == null ? rs.getString("gid") : gid;
                prepared.add(Identifiers.literal(rs.getString("gid")) + " (database " + rs.getString("database")
                        + ", prepared " + rs.getTimestamp("prepared").toInstant() + ")");
            }
        }
        if (!prepared.isEmpty()) {
            return CheckResult.fail(NAME, "prepared transaction" + (prepared.size() == 1 ? " " : "s ")
                    + String.join(", ", prepared.subList(0, Math.min(LISTED, prepared.size()))) + " would make"
                    + " creating the replication slot wait until " + (prepared.size() == 1 ? "it ends" : "they end")
                    + ": finish each with COMMIT PREPARED " + Identifiers.literal(gid) + " or ROLLBACK PREPARED "
                    + Identifiers.literal(gid) + ", whichever its application intended.");
        }
        List<String> writers = new ArrayList<>();
        try (PreparedStatement ps = context.connection().prepareStatement(LONG_RUNNING)) {
            ps.setDouble(1, longerThan.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writers.add("pid " + rs.getInt("pid") + " (" + rs.getString("usename") + " on "
                            + rs.getString("datname") + ", open for " + rs.getString("age") + ")");
                }
            }
        }
        if (!writers.isEmpty()) {
            return CheckResult.warn(NAME, "creating the replication slot will wait for "
                    + (writers.size() == 1 ? "a transaction" : writers.size() + " transactions") + " open longer than "
                    + longerThan.toSeconds() + "s to finish: " + String.join(", ", writers.subList(0,
                    Math.min(LISTED, writers.size()))) + "; end them (SELECT pg_terminate_backend(pid)) or start later");
        }
        return CheckResult.ok(NAME, "no prepared transactions and no long-running writers"
                + (context.server().superuser() ? "" : " among the sessions this role can see"));
    }
}
