package io.partshift.pipeline.copy;

import io.partshift.config.Identifiers;
import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The source's primary key as the copier compares it, and the SQL fragments that compare it. Every comparison
 * names the primary-key index's collation explicitly: values bound as text carry the default collation, and the
 * index can only serve a comparison made under its own collation.
 */
public final class KeyColumns {
    /**
     * @param castType  the type to cast text to, without typmod (a cast to varchar(10) or numeric(5,2) would
     *                  truncate or round a bound instead of failing)
     * @param collation the index's collation, quoted and schema-qualified, for collatable types
     * @param javaKind  how Java compares it when Java reproduces PostgreSQL's order exactly
     */
    public record Column(String name, String castType, Optional<String> collation, Optional<JavaKeyOrder.Kind> javaKind) {
    }

    // Per key column of the primary-key index: its type, its collation, whether that collation orders by bytes
    // (libc "C"/"POSIX"; the database default resolved through pg_database), and whether the opclass is the default.
    private static final String QUERY = """
            SELECT a.attname, format_type(a.atttypid, NULL) AS cast_type, bt.typname AS base_type,
                   CASE WHEN k.coll <> 0 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                   END AS collation,
                   CASE WHEN k.coll = 100 THEN
                            (SELECT coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') = 'c'
                                    AND d.datcollate IN ('C', 'POSIX')
                               FROM pg_database d WHERE d.datname = current_database())
                        ELSE co.collprovider = 'c' AND co.collcollate IN ('C', 'POSIX') END AS byte_order,
                   opc.opcdefault, opc.opcname, ic.relname AS index_name,
                   current_setting('server_encoding') IN ('UTF8', 'LATIN1') AS unicode_order
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
             CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indcollation::oid[], i.indclass::oid[])
                   WITH ORDINALITY AS k(attnum, coll, opclass, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              JOIN pg_type t ON t.oid = a.atttypid
              JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
              JOIN pg_opclass opc ON opc.oid = k.opclass
              LEFT JOIN pg_collation co ON co.oid = k.coll
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE i.indrelid = ?::text::regclass AND i.indisprimary AND k.ord <= i.indnkeyatts
             ORDER BY k.ord
            """;

    private final TableRef table;
    private final List<Column> columns;

    KeyColumns(TableRef table, List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(table + " has no primary-key columns");
        }
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    /** Reads the primary key of {@code table}; refuses a key the copier cannot walk in index order. */
    public static KeyColumns read(Connection c, TableRef table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("attname");
                    if (!rs.getBoolean("opcdefault")) {
                        throw new IllegalStateException("the primary key " + rs.getString("index_name") + " of "
                                + table + " uses the operator class " + rs.getString("opcname") + " on column " + name
                                + ": the copier walks keys in the default order of their type, which that index"
                                + " does not serve; recreate the primary key with the default operator class");
                    }
                    String collation = rs.getString("collation");
                    boolean bytes = rs.getBoolean("byte_order") && rs.getBoolean("unicode_order");
                    columns.add(new Column(name, rs.getString("cast_type"), Optional.ofNullable(collation),
                            JavaKeyOrder.kind(rs.getString("base_type"), collation == null || bytes)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException(table + " has no primary key: the copier chunks by it and the applier"
                    + " identifies rows by it (preflight refuses such a table)");
        }
        return new KeyColumns(table, columns);
    }

    public TableRef table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    /** Java's comparison when it reproduces PostgreSQL's for every key column, else empty (compare in SQL). */
    Optional<JavaKeyOrder> javaOrder() {
        if (columns.stream().allMatch(c -> c.javaKind().isPresent())) {
            return Optional.of(new JavaKeyOrder(columns.stream().map(c -> c.javaKind().get()).toList()));
        }
        return Optional.empty();
    }

    /** The key of {@code alias} as a comparable row, e.g. {@code (s.a, s.b COLLATE pg_catalog."default")}. */
    public String row(String alias) {
        return "(" + orderBy(alias) + ")";
    }

    /** The key's columns, e.g. {@code s.a, s.b}. */
    String columnList(String alias) {
        return columns.stream().map(c -> alias + "." + Identifiers.quote(c.name())).collect(Collectors.joining(", "));
    }

    /** The key's columns in index order, with collations, for ORDER BY. */
    public String orderBy(String alias) {
        return columns.stream().map(c -> alias + "." + Identifiers.quote(c.name())
                + c.collation().map(coll -> " COLLATE " + coll).orElse("")).collect(Collectors.joining(", "));
    }

    /** The key of {@code alias} as PostgreSQL text, for bounds that survive a restart. */
    public String asText(String alias) {
        return columns.stream().map(c -> alias + "." + Identifiers.quote(c.name()) + "::text")
                .collect(Collectors.joining(", "));
    }

    /** One text parameter per key column, cast to the column's type, as a row. */
    String parameters() {
        return "(" + columns.stream().map(c -> "?::text::" + c.castType()).collect(Collectors.joining(", ")) + ")";
    }

    /** {@code row(alias) op parameters()}, for a bound; nothing for an unbounded side. */
    String compare(String alias, String op, List<String> bound) {
        return bound == null ? "" : row(alias) + " " + op + " " + parameters();
    }

    /** A WHERE condition selecting {@code range} of {@code alias}; {@code true} when unbounded on both sides. */
    public String where(String alias, KeyRange range) {
        List<String> parts = new ArrayList<>();
        if (range.lower() != null) {
            parts.add(compare(alias, ">=", range.lower()));
        }
        if (range.upper() != null) {
            parts.add(compare(alias, "<", range.upper()));
        }
        return parts.isEmpty() ? "true" : String.join(" AND ", parts);
    }

    /** Binds the bounds {@link #where} names, from parameter {@code index}; returns the next parameter index. */
    public int bind(PreparedStatement ps, int index, KeyRange range) throws SQLException {
        index = bind(ps, index, range.lower());
        return bind(ps, index, range.upper());
    }

    int bind(PreparedStatement ps, int index, List<String> key) throws SQLException {
        if (key == null) {
            return index;
        }
        requireKey(key);
        for (String value : key) {
            ps.setString(index++, value);
        }
        return index;
    }

    void requireKey(List<String> key) {
        if (key.size() != columns.size()) {
            throw new IllegalArgumentException("key " + KeyRange.text(key) + " has " + key.size() + " values, but the"
                    + " primary key of " + table + " has " + columns.size() + " columns "
                    + columns.stream().map(Column::name).toList());
        }
    }
}
