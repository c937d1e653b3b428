package io.partshift.pipeline.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes a transaction print values the way every other verifying transaction does. The checksums hash each row's
 * text, and timestamptz, interval, float, bytea and money print differently under different session settings: two
 * sessions with different TimeZones would see every row of a timestamptz table differ. {@code SET LOCAL}, so the
 * settings end with the transaction and a pooled connection keeps its own.
 */
final class TextSettings {
    private static final String SQL = String.join("; ",
            "SET LOCAL TimeZone = 'UTC'",
            "SET LOCAL DateStyle = 'ISO, YMD'",
            "SET LOCAL IntervalStyle = 'postgres'",
            "SET LOCAL extra_float_digits = 3",
            "SET LOCAL bytea_output = 'hex'",
            "SET LOCAL lc_monetary = 'C'");

    private TextSettings() {
    }

    /** @param c a connection inside a transaction (autocommit off) */
    static void apply(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalArgumentException("text settings need a connection inside a transaction (autocommit off):"
                    + " SET LOCAL would end with the statement");
        }
        try (Statement s = c.createStatement()) {
            s.execute(SQL);
        }
    }
}
