package io.partshift.partitioning.catalog;

import io.partshift.config.BadInputException;
import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Finds a table that must already be partitioned, for the commands that only work on one ({@code verify --query},
 * {@code maintain}, {@code partitions}), with one wording for the two ways it can be missing.
 */
public final class PartitionedTables {
    private static final String RELATION = """
            SELECT c.oid, c.relkind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?""";

    private PartitionedTables() {
    }

    /**
     * The partitioned table's oid.
     *
     * @param remedy the end of the message when the relation is not partitioned, saying why the command needs a
     *               partitioned table and what to give it instead
     * @throws BadInputException when the table does not exist or is not a partitioned table
     */
    public static long oid(Connection c, TableRef table, String remedy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RELATION)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BadInputException("table " + table.sql() + " does not exist: check the schema and name"
                            + " given to --table.");
                }
                char kind = rs.getString("relkind").charAt(0);
                if (kind != 'p') {
                    throw new BadInputException(table.sql() + " is " + describe(kind) + ", not a partitioned table: "
                            + remedy);
                }
                return rs.getLong("oid");
            }
        }
    }

    private static String describe(char relkind) {
        return switch (relkind) {
            case 'r' -> "a plain table";
            case 'v' -> "a view";
            case 'm' -> "a materialized view";
            case 'f' -> "a foreign table";
            case 'S' -> "a sequence";
            case 'i', 'I' -> "an index";
            case 'c' -> "a composite type";
            default -> "a relation of kind '" + relkind + "'";
        };
    }
}
