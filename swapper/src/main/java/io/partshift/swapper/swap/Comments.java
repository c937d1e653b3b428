package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;

/**
 * The arriving table gets the leaving table's comments, on the table and on each column (matched by name), and
 * loses any it had of its own, so tools that document the schema from comments see no change.
 */
final class Comments {
    private static final String DIFF = """
            SELECT NULL::text AS attname, obj_description(?::oid, 'pg_class') AS want,
                   obj_description(?::oid, 'pg_class') AS have
            UNION ALL
            SELECT a.attname::text, col_description(a.attrelid, a.attnum), col_description(b.attrelid, b.attnum)
              FROM pg_attribute a JOIN pg_attribute b ON b.attrelid = ? AND b.attname = a.attname
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND NOT b.attisdropped
            """;

    private Comments() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        for (String[] row : catalog.list(DIFF, rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                sides.leavingOid(), sides.arrivingOid(), sides.arrivingOid(), sides.leavingOid())) {
            String column = row[0];
            String want = row[1];
            if (want == null ? row[2] == null : want.equals(row[2])) {
                continue;
            }
            String value = want == null ? "NULL" : Identifiers.literal(want);
            if (column == null) {
                script.add("COMMENT ON TABLE " + sides.named().sql() + " IS " + value, "comment: on the table");
            } else {
                script.add("COMMENT ON COLUMN " + sides.named().sql() + "." + Identifiers.quote(column) + " IS " + value,
                        "comment: on column " + column);
            }
        }
    }
}
