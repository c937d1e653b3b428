package io.partshift.localpg.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Row-by-row comparison of two tables with the same columns: every row's full text must be in both as often.
 * Text, because {@code =} is not identity ({@code 1.10 = 1.1}, {@code '1 mon' = '30 days'}). The demo, the
 * benchmark and the tests all prove "shadow = source" with this one query.
 *
 * @param missing rows of the left table that the right one lacks (counting duplicates)
 * @param extra   rows of the right table that the left one lacks
 */
public record RowComparison(long leftRows, long rightRows, long missing, long extra) {

    /** @param left and {@code right}: quoted, qualified table names */
    public static RowComparison of(Connection c, String left, String right) throws SQLException {
        return new RowComparison(count(c, "SELECT count(*) FROM " + left), count(c, "SELECT count(*) FROM " + right),
                count(c, difference(left, right)), count(c, difference(right, left)));
    }

    public boolean equal() {
        return missing == 0 && extra == 0 && leftRows == rightRows;
    }

    @Override
    public String toString() {
        return leftRows + " rows and " + rightRows + " rows: " + missing + " missing, " + extra + " extra";
    }

    private static String difference(String a, String b) {
        return "SELECT count(*) FROM (SELECT t::text FROM " + a + " t EXCEPT ALL SELECT t::text FROM " + b + " t) d";
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
