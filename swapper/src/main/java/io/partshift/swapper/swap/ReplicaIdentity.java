package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.List;

/**
 * The arriving table gets the leaving table's replica identity, which subscribers to the table's publications
 * depend on. On a partitioned table the setting must also reach every leaf partition, since logical decoding reads
 * each partition's own: FULL and NOTHING are set on each leaf, USING INDEX names on each leaf the partition's index
 * attached to the parent's counterpart of the identity index. Runs after the index renames.
 */
final class ReplicaIdentity {
    private static final String IDENTITY = """
            SELECT c.relreplident::text,
                   (SELECT ic.relname::text FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                     WHERE i.indrelid = c.oid AND i.indisreplident) AS index,
                   (SELECT i.indisprimary FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident) AS primary_key
              FROM pg_class c WHERE c.oid = ?
            """;
    private static final String LEAVES = """
            SELECT t.relid::regclass::text, c.relreplident::text FROM pg_partition_tree(?::oid::regclass) t
              JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf ORDER BY 1
            """;
    /** Each leaf partition's index that belongs to a partitioned index, with its table. */
    private static final String LEAF_INDEXES = """
            SELECT x.indrelid::regclass::text AS leaf, ic.relname::text AS index
              FROM pg_partition_tree(?::regclass) t JOIN pg_index x ON x.indexrelid = t.relid
              JOIN pg_class ic ON ic.oid = t.relid WHERE t.isleaf ORDER BY 1
            """;

    private record Identity(char kind, String index, boolean primaryKey) {
    }

    private ReplicaIdentity() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        Identity want = identity(catalog, sides.leavingOid());
        Identity have = identity(catalog, sides.arrivingOid());
        if (want.kind() == 'i') {
            script.add("ALTER TABLE " + sides.named().sql() + " REPLICA IDENTITY USING INDEX "
                    + Identifiers.quote(want.index()), "replica identity: index " + want.index());
        } else if (want.kind() != have.kind()) {
            script.add("ALTER TABLE " + sides.named().sql() + " REPLICA IDENTITY " + clause(want.kind()),
                    "replica identity: " + clause(want.kind()));
        }
        if (!sides.arrivingPartitioned()) {
            return;
        }
        if (want.kind() == 'i') {
            String parentIndex = sides.inSchema(sides.direction().arrivingIndex(sides.names(), want.index(),
                    want.primaryKey()));
            for (String[] leaf : catalog.list(LEAF_INDEXES, rs -> new String[] {rs.getString(1), rs.getString(2)},
                    parentIndex)) {
                script.add("ALTER TABLE " + leaf[0] + " REPLICA IDENTITY USING INDEX " + Identifiers.quote(leaf[1]),
                        "replica identity: partition " + leaf[0] + " by its part of " + want.index());
            }
            return;
        }
        List<String[]> leaves = catalog.list(LEAVES, rs -> new String[] {rs.getString(1), rs.getString(2)},
                sides.arrivingOid());
        for (String[] leaf : leaves) {
            if (leaf[1].charAt(0) != want.kind()) {
                script.add("ALTER TABLE " + leaf[0] + " REPLICA IDENTITY " + clause(want.kind()),
                        "replica identity: partition " + leaf[0] + " " + clause(want.kind()));
            }
        }
    }

    private static String clause(char kind) {
        return switch (kind) {
            case 'f' -> "FULL";
            case 'n' -> "NOTHING";
            default -> "DEFAULT";
        };
    }

    private static Identity identity(Catalog catalog, long table) throws SQLException {
        return catalog.one(IDENTITY, rs -> new Identity(rs.getString(1).charAt(0), rs.getString(2),
                rs.getBoolean(3)), table);
    }
}
