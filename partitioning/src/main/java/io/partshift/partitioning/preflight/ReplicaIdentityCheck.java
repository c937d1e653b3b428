package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The source's replica identity lets its UPDATEs and DELETEs be decoded. Adding a table without a usable one to a
 * publication makes the application's UPDATEs and DELETEs on it fail at once, so this must hold before partshift
 * creates its publication; and delete events carry only the identity's columns, so they must include the primary key.
 */
final class ReplicaIdentityCheck extends NamedCheck {
    static final String NAME = "replica-identity";

    private static final String IDENTITY_INDEX = """
            SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = ? AND i.indisreplident
            """;

    ReplicaIdentityCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        switch (table.replicaIdentity()) {
            case 'n':
                return CheckResult.fail(NAME, t + " has REPLICA IDENTITY NOTHING, so once it is in partshift's"
                        + " publication every UPDATE and DELETE on it would fail: run ALTER TABLE " + t
                        + " REPLICA IDENTITY DEFAULT first.");
            case 'f':
                return CheckResult.ok(NAME, "REPLICA IDENTITY FULL: every UPDATE and DELETE logs the whole old row,"
                        + " which makes WAL and decoding heavier during the migration");
            case 'i':
                return usingIndex(context, table, t);
            default:
                if (table.primaryKey().isEmpty()) {
                    return CheckResult.fail(NAME, t + " has REPLICA IDENTITY DEFAULT but no primary key, so once it is"
                            + " in partshift's publication every UPDATE and DELETE on it would fail: add a primary"
                            + " key first (see has-primary-key).");
                }
                return CheckResult.ok(NAME, "REPLICA IDENTITY DEFAULT (the primary key)");
        }
    }

    private static CheckResult usingIndex(PreflightContext context, SourceTable table, String t) throws SQLException {
        String index = identityIndex(context, table.oid()).orElse("?");
        List<String> indexColumns = table.indexes().stream().filter(i -> i.name().equals(index)).findFirst()
                .map(IndexInfo::columns).orElse(List.of());
        List<String> pk = table.primaryKey().map(p -> p.columns()).orElse(List.of());
        if (pk.isEmpty() || !indexColumns.containsAll(pk)) {
            return CheckResult.fail(NAME, t + " uses REPLICA IDENTITY USING INDEX " + Identifiers.quote(index) + " ("
                    + String.join(", ", indexColumns) + "), so delete events would not carry the primary key the"
                    + " applier finds rows by: run ALTER TABLE " + t + " REPLICA IDENTITY DEFAULT first.");
        }
        return CheckResult.warn(NAME, t + " uses REPLICA IDENTITY USING INDEX " + Identifiers.quote(index)
                + ": partshift identifies rows by the primary key, so check after cutover that the partitioned"
                + " table's replica identity is what other subscribers of this table expect");
    }

    private static Optional<String> identityIndex(PreflightContext context, long oid) throws SQLException {
        try (PreparedStatement ps = context.connection().prepareStatement(IDENTITY_INDEX)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
