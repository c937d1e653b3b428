package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The renames: the two tables, then the indexes. The application and its operators know the indexes and the
 * constraints they back by name ({@code ON CONFLICT ON CONSTRAINT events_ref_uq}, hints, monitoring), so the leaving
 * table's indexes step aside and the arriving table's counterparts take their names. Renaming an index that backs a
 * primary key, unique or exclusion constraint renames the constraint with it; the partitions' own indexes keep the
 * names PostgreSQL gave them. Everything the leaving table gives up is renamed before anything takes a name, so no
 * two relations ever hold one name.
 */
final class Renames {
    private static final String INDEXES = """
            SELECT ic.relname, i.indisprimary FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = ? ORDER BY ic.relname
            """;

    private Renames() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        Map<String, Boolean> leaving = indexes(catalog, sides.leavingOid());
        Set<String> arriving = indexes(catalog, sides.arrivingOid()).keySet();
        Map<String, String> aside = new LinkedHashMap<>();
        Map<String, String> taking = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        leaving.forEach((index, primary) -> {
            aside.put(index, sides.direction().asideIndex(sides.names(), index, primary));
            String counterpart = sides.direction().arrivingIndex(sides.names(), index, primary);
            if (arriving.contains(counterpart)) {
                taking.put(counterpart, index);
            } else {
                missing.add(index + " (expected " + counterpart + ")");
            }
        });
        if (!missing.isEmpty() && sides.direction() == Direction.FORWARD) {
            // An index the shadow lacks would leave the application without it (or without its uniqueness) after
            // cutover; one created on the source during the migration is the usual cause.
            throw new SwapRefusedException("the shadow " + sides.arriving().sql() + " has no counterpart of "
                    + String.join(", ", missing) + " on " + sides.named().sql() + ": create each on the shadow under"
                    + " the expected name (CREATE INDEX ... ON " + sides.arriving().sql() + " ...) and cut over again.");
        }
        requireFree(catalog, sides, aside.values());

        script.add("ALTER TABLE " + sides.named().sql() + " RENAME TO " + Identifiers.quote(sides.aside().name()),
                "rename: " + sides.named() + " steps aside");
        script.add("ALTER TABLE " + sides.arriving().sql() + " RENAME TO " + Identifiers.quote(sides.named().name()),
                "rename: " + sides.arriving() + " takes the name");
        aside.forEach((from, to) -> script.add("ALTER INDEX " + sides.inSchema(from) + " RENAME TO "
                + Identifiers.quote(to), "rename: index " + from + " of the leaving table steps aside"));
        taking.forEach((from, to) -> script.add("ALTER INDEX " + sides.inSchema(from) + " RENAME TO "
                + Identifiers.quote(to), "rename: index " + to + " moves to " + sides.named()));
        if (!missing.isEmpty()) {
            script.note(sides.arriving() + " has no counterpart of " + String.join(", ", missing) + " on "
                    + sides.named() + ": after the swap " + sides.named() + " lacks " + (missing.size() == 1 ? "that"
                    + " index" : "those indexes"));
        }
    }

    /** Index name to whether it is the primary key's. */
    private static Map<String, Boolean> indexes(Catalog catalog, long table) throws SQLException {
        Map<String, Boolean> indexes = new LinkedHashMap<>();
        for (Object[] row : catalog.list(INDEXES, rs -> new Object[] {rs.getString(1), rs.getBoolean(2)}, table)) {
            indexes.put((String) row[0], (Boolean) row[1]);
        }
        return indexes;
    }

    private static void requireFree(Catalog catalog, SwapSides sides, Collection<String> names) throws SQLException {
        List<String> taken = catalog.taken(sides.schema(), names);
        if (!taken.isEmpty()) {
            throw new SwapRefusedException("the swap moves indexes of " + sides.named().sql() + " aside under names"
                    + " that already exist in schema " + Identifiers.quote(sides.schema()) + " ("
                    + String.join(", ", taken) + "): rename or drop those relations and swap again.");
        }
    }
}
