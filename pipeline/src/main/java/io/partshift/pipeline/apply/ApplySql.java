package io.partshift.pipeline.apply;

import io.partshift.partitioning.catalog.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The applier's statements, written once per shadow. Every value arrives as one {@code text[]} parameter per column
 * (keys first, then the columns), is unnested into rows and cast to the column's type, so a batch of any size is one
 * round trip per statement, the plan never depends on the batch and no value is ever part of the SQL text.
 *
 * <p>Aliases: {@code k1..km} are the source-key values of each event (from {@link
 * io.partshift.pipeline.stream.ChangeEvent#key()}), {@code c1..cn} the written columns, {@code ord} an event's
 * position, which tells the statements' parts apart without comparing keys.
 */
final class ApplySql {
    private final ApplyTarget target;
    private final String table;

    ApplySql(ApplyTarget target) {
        this.target = Objects.requireNonNull(target, "target");
        this.table = target.table().sql();
    }

    /** How many {@code text[]} parameters the upsert takes: one per key column, then one per writable column. */
    int upsertParameters() {
        return target.key().size() + target.writable().size();
    }

    /**
     * Removes the row of each key, wherever it is: the shadow's primary key leads with the source key, so each
     * partition answers with one index probe (partitions are pruned when the key holds the partition key).
     * Parameters: the key arrays.
     */
    String delete() {
        return "DELETE FROM " + table + " AS d USING (" + unnest(keyAliases(), target.key(), false) + ") AS u"
                + " WHERE " + keyMatch("d", "u");
    }

    /**
     * Makes each full row the only shadow row with its source key, in one statement:
     * <ol>
     * <li>{@code upd}: rows whose source key and partition key are unchanged (the common update, and the replay of a
     * version already applied) are updated in place: the partition is pruned at run time, one index probe;</li>
     * <li>{@code moved}: for the others, a row with the same source key elsewhere (the partition key changed) is
     * deleted: every partition is probed, which only new keys and moves pay;</li>
     * <li>{@code ins}: and the row is inserted.</li>
     * </ol>
     * The parts run on one snapshot and touch disjoint rows: {@code moved} keeps rows whose partition key equals the
     * new one, which {@code upd} has updated, so no row is changed twice. Identity GENERATED ALWAYS columns cannot be
     * updated; a row whose value there differs is left to {@code ins}, which then fails on the primary key rather
     * than silently keeping the old value (the applier then replays the batch in order, deleting and inserting each
     * row). Returns one row: updated in place, moved, inserted.
     * Parameters: the key arrays, then one array per writable column.
     */
    String upsert() {
        List<String> aliases = new ArrayList<>(keyAliases());
        aliases.addAll(columnAliases(target.writable().size()));
        List<Column> types = new ArrayList<>(target.key());
        types.addAll(target.writable());
        String u = unnest(aliases, types, true);

        List<String> same = new ArrayList<>();
        same.add(keyMatch("t", "u"));
        for (Column p : target.movable()) {
            same.add("t." + quote(p.name()) + " = u." + alias(p));
        }
        for (Column identity : target.identityAlways()) {
            same.add("t." + quote(identity.name()) + " IS NOT DISTINCT FROM u." + alias(identity));
        }
        String set = target.updatable().stream().map(c -> quote(c.name()) + " = u." + alias(c))
                .collect(Collectors.joining(", "));
        // With nothing to set (every written column is an identity) a row that is there is already right.
        String upd = set.isEmpty()
                ? "SELECT u.ord FROM u JOIN " + table + " AS t ON " + String.join(" AND ", same)
                : "UPDATE " + table + " AS t SET " + set + " FROM u WHERE " + String.join(" AND ", same)
                + " RETURNING u.ord";

        String moved = "";
        if (!target.movable().isEmpty()) {
            String oldPartition = target.movable().stream().map(p -> "d." + quote(p.name()))
                    .collect(Collectors.joining(", "));
            String newPartition = target.movable().stream().map(p -> "rest." + alias(p))
                    .collect(Collectors.joining(", "));
            moved = ",\nmoved AS (DELETE FROM " + table + " AS d USING rest WHERE " + keyMatch("d", "rest")
                    + " AND ROW(" + oldPartition + ") IS DISTINCT FROM ROW(" + newPartition + ") RETURNING 1)";
        }
        String columns = target.writable().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String values = target.writable().stream().map(this::alias).collect(Collectors.joining(", "));
        String overriding = target.identityAlways().isEmpty() ? "" : " OVERRIDING SYSTEM VALUE";
        return "WITH u AS (" + u + "),\n"
                + "upd AS (" + upd + "),\n"
                + "rest AS (SELECT * FROM u WHERE u.ord NOT IN (SELECT ord FROM upd))"
                + moved + ",\n"
                + "ins AS (INSERT INTO " + table + " (" + columns + ")" + overriding + " SELECT " + values
                + " FROM rest RETURNING 1)\n"
                + "SELECT (SELECT count(*) FROM upd), " + (moved.isEmpty() ? "0" : "(SELECT count(*) FROM moved)")
                + ", (SELECT count(*) FROM ins)";
    }

    /**
     * Sets {@code columns} of the row with each source key, wherever it is; a change of the partition key moves the
     * row by itself. No row, no change. Parameters: the key arrays, then one array per column, in the given order.
     *
     * @param columns updatable columns of the shadow, in table order
     */
    String partialUpdate(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a partial update of " + table + " needs at least one column to set");
        }
        List<String> aliases = new ArrayList<>(keyAliases());
        aliases.addAll(columnAliases(columns.size()));
        List<Column> types = new ArrayList<>(target.key());
        types.addAll(columns);
        String set = IntStream.range(0, columns.size())
                .mapToObj(i -> quote(columns.get(i).name()) + " = u.c" + (i + 1)).collect(Collectors.joining(", "));
        return "UPDATE " + table + " AS t SET " + set + " FROM (" + unnest(aliases, types, false) + ") AS u WHERE "
                + keyMatch("t", "u");
    }

    /**
     * Copies from the read-back table (the source, or the new table for the reverse stream) the current row of each
     * key that has no target row after the partial updates. A partial update lacks the TOASTed values it left
     * unchanged, so it cannot create a row; it finds none when the same UPDATE changed the primary key (streamed as
     * delete + create, the create without those values). The read-back row now is at least as new as the event, and
     * later events for the key are applied after it (docs/design.md); a row the read-back table no longer has is not
     * inserted, its delete event is on its way. Parameters: the key arrays.
     */
    String insertMissingFromSource() {
        String columns = target.writable().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String values = target.writable().stream().map(c -> "s." + quote(c.name())).collect(Collectors.joining(", "));
        String overriding = target.identityAlways().isEmpty() ? "" : " OVERRIDING SYSTEM VALUE";
        return "INSERT INTO " + table + " (" + columns + ")" + overriding + " SELECT " + values + " FROM ("
                + unnest(keyAliases(), target.key(), false) + ") AS u JOIN " + target.readBack().sql() + " AS s ON "
                + keyMatch("s", "u") + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " AS t WHERE " + keyMatch("t", "u")
                + ")";
    }

    /** {@code SELECT u.k1::type AS k1, ... FROM unnest(?::text[], ...) AS u(k1, ...)}. */
    private static String unnest(List<String> aliases, List<Column> types, boolean ordinal) {
        String select = IntStream.range(0, aliases.size())
                .mapToObj(i -> "u." + aliases.get(i) + "::" + types.get(i).type() + " AS " + aliases.get(i))
                .collect(Collectors.joining(", "));
        String params = aliases.stream().map(a -> "?::text[]").collect(Collectors.joining(", "));
        return "SELECT " + (ordinal ? "u.ord, " : "") + select + " FROM unnest(" + params + ")"
                + (ordinal ? " WITH ORDINALITY" : "") + " AS u(" + String.join(", ", aliases)
                + (ordinal ? ", ord" : "") + ")";
    }

    private String keyMatch(String table, String values) {
        return IntStream.range(0, target.key().size())
                .mapToObj(i -> table + "." + quote(target.key().get(i).name()) + " = " + values + ".k" + (i + 1))
                .collect(Collectors.joining(" AND "));
    }

    private List<String> keyAliases() {
        return IntStream.rangeClosed(1, target.key().size()).mapToObj(i -> "k" + i).toList();
    }

    private static List<String> columnAliases(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "c" + i).toList();
    }

    /** The upsert's alias of a writable column. */
    private String alias(Column column) {
        int i = target.writable().indexOf(column);
        if (i < 0) {
            throw new IllegalStateException(column.name() + " is not a written column of " + table);
        }
        return "c" + (i + 1);
    }

    /** Always quoted: names come from the catalog and may be keywords or mixed case. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
