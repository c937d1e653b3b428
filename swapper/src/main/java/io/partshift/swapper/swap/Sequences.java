package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps numbering where the application left off. A serial column's sequence is shared (the shadow's default calls
 * the source's sequence), so only its ownership moves: owned by the leaving table it would be dropped with it. An
 * identity column has a sequence per table, untouched while rows were copied with explicit values: it is renamed to
 * the name the application knows ({@code currval('events_id_seq')}) and set past the leaving table's sequence, never
 * backwards. The values are read when the statement runs, inside the swap, where no insert can take a number.
 */
final class Sequences {
    /** Sequences a table's columns own: {@code a} for serial (OWNED BY), {@code i} for identity. */
    private static final String OWNED = """
            SELECT a.attname, d.deptype = 'i' AS identity, s.relname
              FROM pg_depend d
              JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
              JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?
               AND d.deptype IN ('a', 'i')
             ORDER BY a.attnum
            """;

    /** A sequence owned by a column; {@code name} is in the tables' schema (identity sequences always are). */
    record Owned(String column, boolean identity, String name) {
    }

    /**
     * An identity sequence pair.
     *
     * @param name           the leaving table's sequence's name, which the arriving table's sequence takes
     * @param asideName      where the leaving table's sequence goes
     * @param arrivingBefore the arriving table's sequence's name before the swap
     */
    record IdentityPair(String column, String name, String asideName, String arrivingBefore) {
    }

    private Sequences() {
    }

    /** @return the identity pairs, for the privileges that must follow the name */
    static List<IdentityPair> add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        Map<String, Owned> arriving = new LinkedHashMap<>();
        for (Owned owned : owned(catalog, sides.arrivingOid())) {
            arriving.put(owned.column(), owned);
        }
        List<IdentityPair> pairs = new ArrayList<>();
        for (Owned leaving : owned(catalog, sides.leavingOid())) {
            String column = Identifiers.quote(leaving.column());
            if (!leaving.identity()) {
                script.add("ALTER SEQUENCE " + sides.inSchema(leaving.name()) + " OWNED BY " + sides.named().sql() + "."
                        + column, "sequence: " + leaving.name() + " now belongs to " + sides.named() + "."
                        + leaving.column());
                continue;
            }
            Owned counterpart = arriving.get(leaving.column());
            if (counterpart == null || !counterpart.identity()) {
                throw new SwapRefusedException(sides.named().sql() + "." + column + " is an identity column but "
                        + sides.arriving().sql() + "." + column + " is not, so numbering could not continue after the"
                        + " swap: make it GENERATED ... AS IDENTITY on " + sides.arriving().sql() + " and swap again.");
            }
            pairs.add(new IdentityPair(leaving.column(), leaving.name(),
                    sides.direction().asideSequence(sides.names(), leaving.name()), counterpart.name()));
        }
        List<String> taken = catalog.taken(sides.schema(), pairs.stream().map(IdentityPair::asideName).toList());
        if (!taken.isEmpty()) {
            throw new SwapRefusedException("the swap moves the identity sequences of " + sides.named().sql() + " aside"
                    + " under names that already exist in schema " + Identifiers.quote(sides.schema()) + " ("
                    + String.join(", ", taken) + "): rename or drop those relations and swap again.");
        }
        for (IdentityPair pair : pairs) {
            script.add("ALTER SEQUENCE " + sides.inSchema(pair.name()) + " RENAME TO "
                    + Identifiers.quote(pair.asideName()), "sequence: " + pair.name() + " steps aside");
        }
        for (IdentityPair pair : pairs) {
            script.add("ALTER SEQUENCE " + sides.inSchema(pair.arrivingBefore()) + " RENAME TO "
                    + Identifiers.quote(pair.name()), "sequence: identity of " + sides.named() + "." + pair.column()
                    + " takes the name " + pair.name());
            script.add(setPast(sides.inSchema(pair.name()), sides.inSchema(pair.asideName())),
                    "sequence: " + pair.name() + " continues past " + pair.asideName());
        }
        return pairs;
    }

    /**
     * Sets {@code target} to {@code source}'s state when that is further along in the direction the sequence counts,
     * comparing the last value handed out ({@code last_value}, or one step before it when not yet called).
     */
    static String setPast(String target, String source) {
        String literal = Identifiers.literal(target);
        return "SELECT setval(" + literal + ", s.last_value, s.is_called) FROM " + source + " s, " + target
                + " t, pg_catalog.pg_sequence p WHERE p.seqrelid = " + literal + "::regclass AND sign(p.seqincrement)"
                + " * ((s.last_value::numeric - CASE WHEN s.is_called THEN 0 ELSE p.seqincrement END)"
                + " - (t.last_value::numeric - CASE WHEN t.is_called THEN 0 ELSE p.seqincrement END)) > 0";
    }

    private static List<Owned> owned(Catalog catalog, long table) throws SQLException {
        return catalog.list(OWNED, rs -> new Owned(rs.getString("attname"), rs.getBoolean("identity"),
                rs.getString("relname")), table);
    }
}
