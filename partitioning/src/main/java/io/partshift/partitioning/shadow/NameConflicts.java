package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds relations (and types: every table brings a row type of its name) that already hold a name the plan would
 * create, so a leftover from an earlier run is reported by name instead of as "relation already exists" halfway
 * through the DDL.
 */
public final class NameConflicts {
    private static final String SQL = """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ANY (?)
            UNION
            SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = ? AND t.typname = ANY (?)
            ORDER BY 1
            """;

    private NameConflicts() {
    }

    public static List<String> find(Connection connection, String schema, List<String> names) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(SQL)) {
            Array array = connection.createArrayOf("text", names.toArray());
            ps.setString(1, schema);
            ps.setArray(2, array);
            ps.setString(3, schema);
            ps.setArray(4, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    static BadInputException refusal(String schema, List<String> conflicts) {
        List<String> shown = conflicts.subList(0, Math.min(10, conflicts.size()));
        return new BadInputException("schema " + schema + " already has " + conflicts.size() + " relation"
                + (conflicts.size() == 1 ? "" : "s") + " with a name the plan would create (" + String.join(", ", shown)
                + (conflicts.size() > shown.size() ? ", ..." : "") + "): drop or rename them (they may be left from an"
                + " earlier run) or migrate another --table.");
    }
}
