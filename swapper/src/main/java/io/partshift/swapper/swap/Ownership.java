package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;

/**
 * The arriving table gets the leaving table's owner, and so do its partitions: ALTER TABLE ... OWNER does not
 * recurse to partitions, and an owner who does not own them could not later add an index to the table or drop it.
 * Indexes and identity sequences follow their table's owner. Runs before the grants, whose owner entries it moves.
 */
final class Ownership {
    private static final String PARTITIONS = """
            SELECT t.relid::regclass::text FROM pg_partition_tree(?::oid::regclass) t JOIN pg_class c ON c.oid = t.relid
             WHERE t.level > 0 AND c.relowner <> ? ORDER BY t.level, 1
            """;

    private Ownership() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        String owner = Identifiers.quote(sides.owner());
        if (sides.arrivingOwnerOid() != sides.ownerOid()) {
            script.add("ALTER TABLE " + sides.named().sql() + " OWNER TO " + owner, "owner: " + sides.owner());
        }
        if (sides.arrivingPartitioned()) {
            for (String partition : catalog.list(PARTITIONS, rs -> rs.getString(1), sides.arrivingOid(),
                    sides.ownerOid())) {
                script.add("ALTER TABLE " + partition + " OWNER TO " + owner, "owner: partition " + partition);
            }
        }
    }
}
