package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.config.TableRef;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Outbound foreign keys belong to whichever table holds the name. The table that leaves it loses them: it is then
 * written by a change stream that replays the application's writes a little late, so a NO ACTION or RESTRICT key
 * there would make the application's deletes on the referenced table fail while the replayed deletes are still on
 * their way, and a CASCADE would change rows behind the stream's back. The arriving table gets them in two phases,
 * because checking every row under the swap's lock would hold the application for as long as a scan of the table
 * takes (measured on PostgreSQL 15 with everything cached: 0.15 to 0.6 s per million rows, depending on the
 * referenced table) and PostgreSQL 15 refuses NOT VALID foreign keys on partitioned tables:
 * <ol>
 * <li>inside the swap, each leaf partition (or the plain table, at rollback) gets the key NOT VALID: milliseconds,
 * and every row written from then on is checked;</li>
 * <li>after the swap ({@link #afterSwap}), each is validated (SHARE UPDATE EXCLUSIVE: writers go on), then the
 * parent gets the key, which attaches the validated partition keys without scanning again (checked on PostgreSQL
 * 15: no partition is read) and briefly takes SHARE ROW EXCLUSIVE on the partitions and the referenced table.</li>
 * </ol>
 * The after-swap steps are read from the catalog, so calling {@link #afterSwap} again after a crash picks up where
 * it stopped, and returns nothing once all is done.
 */
final class ForeignKeys {
    private static final String NOT_VALID = " NOT VALID";
    /** The table's own keys and, on a partitioned table, keys on partitions that no parent key covers yet. */
    private static final String KEYS = """
            SELECT con.conname::text, pg_get_constraintdef(con.oid) AS definition, con.conrelid::regclass::text AS rel,
                   con.conrelid = ? AS on_table, con.confrelid::regclass::text AS referenced, con.convalidated,
                   con.conparentid <> 0 AS attached
              FROM pg_constraint con
             WHERE con.contype = 'f'
               AND (con.conrelid = ? OR con.conrelid IN (SELECT relid FROM pg_partition_tree(?::oid::regclass)))
             ORDER BY con.conname, con.conrelid = ? DESC, rel
            """;
    private static final String LEAVES = """
            SELECT relid::regclass::text FROM pg_partition_tree(?::oid::regclass) WHERE isleaf ORDER BY 1
            """;
    private static final String TABLE = """
            SELECT c.oid, c.relkind = 'p' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?
            """;

    private record Key(String name, String definition, String relation, boolean onTable, String referenced,
                       boolean validated, boolean attached) {
        /** The definition as a new key would be added, without the NOT VALID PostgreSQL prints for one. */
        String plainDefinition() {
            return definition.endsWith(NOT_VALID) ? definition.substring(0, definition.length() - NOT_VALID.length())
                    : definition;
        }
    }

    private ForeignKeys() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        List<Key> leaving = keys(catalog, sides.leavingOid()).stream().filter(k -> !k.attached()).toList();
        if (leaving.isEmpty()) {
            return;
        }
        for (Key key : leaving) {
            String on = key.onTable() ? sides.aside().sql() : key.relation();
            script.add("ALTER TABLE " + on + " DROP CONSTRAINT " + Identifiers.quote(key.name()),
                    "foreign key: " + key.name() + " leaves " + (key.onTable() ? sides.aside() : key.relation())
                            + ", which the change stream writes");
            script.lock(key.referenced(), "SHARE ROW EXCLUSIVE", "foreign key " + key.name());
        }
        List<Key> arriving = keys(catalog, sides.arrivingOid());
        Set<String> onArrivingTable = new LinkedHashSet<>();
        Map<String, Set<String>> onRelation = new LinkedHashMap<>();
        for (Key key : arriving) {
            if (key.onTable()) {
                onArrivingTable.add(key.name());
            }
            onRelation.computeIfAbsent(key.relation(), r -> new LinkedHashSet<>()).add(key.name());
        }
        List<String> targets = sides.arrivingPartitioned()
                ? catalog.list(LEAVES, rs -> rs.getString(1), sides.arrivingOid())
                : List.of(sides.arrivingText());
        Map<String, Key> wanted = new LinkedHashMap<>();
        leaving.forEach(k -> wanted.putIfAbsent(k.name(), k));
        for (Key key : wanted.values()) {
            if (onArrivingTable.contains(key.name())) {
                continue;
            }
            for (String target : targets) {
                if (onRelation.getOrDefault(target, Set.of()).contains(key.name())) {
                    continue;
                }
                String table = target.equals(sides.arrivingText()) ? sides.named().sql() : target;
                script.add("ALTER TABLE " + table + " ADD CONSTRAINT " + Identifiers.quote(key.name()) + " "
                        + key.plainDefinition() + NOT_VALID, "foreign key: " + key.name() + " on " + table
                        + ", checked for new rows now, for existing rows after the swap");
            }
            script.lock(key.referenced(), "SHARE ROW EXCLUSIVE", "foreign key " + key.name());
        }
    }

    /** The statements that finish the foreign keys of the table at {@code names.source()}, each its own transaction. */
    static List<SwapStep> afterSwap(Catalog catalog, Names names) throws SQLException {
        TableRef table = names.source();
        List<Object[]> found = catalog.list(TABLE, rs -> new Object[] {rs.getLong(1), rs.getBoolean(2)},
                table.schema(), table.name());
        if (found.isEmpty()) {
            throw new SwapRefusedException("there is no table " + table.sql() + " to finish the foreign keys of:"
                    + " check that the swap committed.");
        }
        long oid = (Long) found.get(0)[0];
        boolean partitioned = (Boolean) found.get(0)[1];
        List<Key> keys = keys(catalog, oid);
        List<SwapStep> steps = new ArrayList<>();
        for (Key key : keys) {
            if (!key.validated() && !key.attached()) {
                String on = key.onTable() ? table.sql() : key.relation();
                steps.add(new SwapStep("ALTER TABLE " + on + " VALIDATE CONSTRAINT " + Identifiers.quote(key.name()),
                        "foreign key: check the existing rows of " + on + " against " + key.name()
                                + " (writers go on)"));
            }
        }
        if (partitioned) {
            Set<String> onParent = new LinkedHashSet<>();
            keys.stream().filter(Key::onTable).forEach(k -> onParent.add(k.name()));
            Map<String, Key> toAttach = new LinkedHashMap<>();
            keys.stream().filter(k -> !k.onTable() && !k.attached() && !onParent.contains(k.name()))
                    .forEach(k -> toAttach.putIfAbsent(k.name(), k));
            for (Key key : toAttach.values()) {
                steps.add(new SwapStep("ALTER TABLE " + table.sql() + " ADD CONSTRAINT "
                        + Identifiers.quote(key.name()) + " " + key.plainDefinition(), "foreign key: " + key.name()
                        + " on " + table + ", attaching the validated partition keys without another scan"));
            }
        }
        return steps;
    }

    private static List<Key> keys(Catalog catalog, long table) throws SQLException {
        return catalog.list(KEYS, rs -> new Key(rs.getString("conname"), rs.getString("definition"),
                rs.getString("rel"), rs.getBoolean("on_table"), rs.getString("referenced"),
                rs.getBoolean("convalidated"), rs.getBoolean("attached")), table, table, table, table);
    }
}
