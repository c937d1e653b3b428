package io.partshift.pipeline.copy;

import io.partshift.config.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Compares keys with bounds in PostgreSQL, for key types (text under a linguistic collation, say) whose order Java
 * cannot reproduce: every key against every bound in one round trip, values passed as text arrays (one parameter
 * per key column, whatever the batch's size) and cast to the key's types, compared under the index's collations.
 */
final class SqlKeyComparisons {
    private final KeyColumns key;
    private final String sql;

    SqlKeyComparisons(KeyColumns key) {
        this.key = key;
        this.sql = "SELECT k.partshift_ord, array_agg(" + key.row("k") + " < " + key.row("b")
                + " ORDER BY b.partshift_ord) FROM " + values("k") + " CROSS JOIN " + values("b")
                + " GROUP BY k.partshift_ord";
    }

    /** {@code result[i][j]} is whether {@code keys[i] < bounds[j]}. */
    boolean[][] below(Connection c, List<List<String>> keys, List<List<String>> bounds) throws SQLException {
        boolean[][] result = new boolean[keys.size()][bounds.size()];
        if (keys.isEmpty() || bounds.isEmpty()) {
            return result;
        }
        keys.forEach(key::requireKey);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (List<List<String>> side : List.of(keys, bounds)) {
                for (int col = 0; col < key.size(); col++) {
                    int column = col;
                    ps.setArray(p++, c.createArrayOf("text", side.stream().map(k -> k.get(column)).toArray()));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Boolean[] row = (Boolean[]) rs.getArray(2).getArray();
                    int i = (int) rs.getLong(1) - 1;
                    for (int j = 0; j < row.length; j++) {
                        result[i][j] = row[j];
                    }
                }
            }
        }
        return result;
    }

    /**
     * {@code (SELECT u.partshift_ord, u.c0::type AS col, ... FROM unnest(?::text[], ...) WITH ORDINALITY
     * AS u(c0, ..., partshift_ord)) alias}: the keys typed, under the key's own column names.
     */
    private String values(String alias) {
        List<KeyColumns.Column> columns = key.columns();
        String casts = IntStream.range(0, columns.size())
                .mapToObj(i -> "u.c" + i + "::" + columns.get(i).castType() + " AS "
                        + Identifiers.quote(columns.get(i).name()))
                .collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", "));
        String names = IntStream.range(0, columns.size()).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        return "(SELECT u.partshift_ord, " + casts + " FROM unnest(" + arrays + ") WITH ORDINALITY AS u(" + names
                + ", partshift_ord)) " + alias;
    }
}
