package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Warns about what changes for the application once the table is partitioned: an UPDATE that changes the partition
 * key moves the row to another partition, which makes a concurrent UPDATE of the same row fail with SQLSTATE 40001
 * instead of waiting, even in READ COMMITTED, and fires the row's DELETE and INSERT triggers instead of its UPDATE
 * triggers. Whether the application does this cannot be read from the catalog, so the operator is told.
 */
final class PartitionKeyUpdateCheck extends NamedCheck {
    static final String NAME = "partition-key-update";

    // Bit 4 of tgtype is TRIGGER_TYPE_UPDATE (pg_trigger.h); the catalog model keeps only the definition text.
    private static final String UPDATE_TRIGGERS = """
            SELECT tgname FROM pg_trigger WHERE tgrelid = ? AND NOT tgisinternal AND (tgtype & 16) <> 0 ORDER BY tgname
            """;

    PartitionKeyUpdateCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        List<String> updateTriggers = new ArrayList<>();
        try (PreparedStatement ps = context.connection().prepareStatement(UPDATE_TRIGGERS)) {
            ps.setLong(1, context.source().oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    updateTriggers.add(Identifiers.quote(rs.getString(1)));
                }
            }
        }
        return CheckResult.warn(NAME, "after cutover an UPDATE that changes " + String.join(", ", context.keyColumns())
                + " moves the row to another partition, and a concurrent UPDATE of that row then fails with SQLSTATE"
                + " 40001 (serialization failure) even in READ COMMITTED, so check that the application retries it"
                + (updateTriggers.isEmpty() ? "" : "; such a move fires DELETE and INSERT triggers, not the UPDATE"
                + " trigger" + (updateTriggers.size() == 1 ? " " : "s ") + String.join(", ", updateTriggers)));
    }
}
