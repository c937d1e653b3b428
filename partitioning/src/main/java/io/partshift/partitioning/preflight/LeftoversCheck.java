package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.config.TableRef;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Nothing an earlier run created for this table is still there: a stale shadow would mix old rows into the copy,
 * and a stale slot pins WAL and holds a name partshift needs. Runs without the table, since a failed run may be
 * exactly why it is missing.
 */
final class LeftoversCheck extends NamedCheck {
    static final String NAME = "leftovers";

    private static final String RELATION = """
            SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?
            """;
    // Slots belong to the whole cluster, so one made from another database still takes the name.
    private static final String SLOT = """
            SELECT database, active FROM pg_replication_slots WHERE slot_name = ?
            """;
    private static final String PUBLICATION = "SELECT 1 FROM pg_publication WHERE pubname = ?";

    LeftoversCheck() {
        super(NAME, false);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        Names names = context.spec().names();
        List<String> found = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (TableRef table : List.of(names.shadow(), names.old())) {
            if (exists(context, RELATION, table.schema(), table.name())) {
                found.add("table " + table.sql());
                statements.add("DROP TABLE " + table.sql());
            }
        }
        for (String slot : new LinkedHashSet<>(List.of(names.slot(), names.reverseSlot()))) {
            try (PreparedStatement ps = context.connection().prepareStatement(SLOT)) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String db = rs.getString("database");
                        found.add("replication slot " + slot + (db == null ? "" : " (database " + db + ")")
                                + (rs.getBoolean("active") ? ", in use" : ""));
                        statements.add("SELECT pg_drop_replication_slot(" + Identifiers.literal(slot) + ")");
                    }
                }
            }
        }
        Set<String> publications = new LinkedHashSet<>(List.of(names.publication(), names.reversePublication()));
        for (String publication : publications) {
            if (exists(context, PUBLICATION, publication)) {
                found.add("publication " + publication);
                statements.add("DROP PUBLICATION " + Identifiers.quote(publication));
            }
        }
        if (found.isEmpty()) {
            return CheckResult.ok(NAME, "no shadow, old table, slot or publication left from an earlier run");
        }
        return CheckResult.fail(NAME, "an earlier run on " + context.spec().table().sql() + " left "
                + String.join(", ", found) + ": once no partshift process uses " + (found.size() == 1 ? "it" : "them")
                + ", remove " + (found.size() == 1 ? "it" : "them") + " with "
                + String.join("; ", statements) + "; (partshift abort --table " + context.spec().table()
                + " will do this once available).");
    }

    private static boolean exists(PreflightContext context, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = context.connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
