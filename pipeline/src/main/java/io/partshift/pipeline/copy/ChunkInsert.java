package io.partshift.pipeline.copy;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one statement that copies a chunk, server side so rows never pass through the JVM:
 * {@code INSERT INTO shadow (cols) SELECT cols FROM ONLY source WHERE key in range}. Generated columns are left out
 * (the shadow computes them); identity columns the shadow generates ALWAYS take the source's values through
 * {@code OVERRIDING SYSTEM VALUE}, so the copy keeps every row's identity.
 */
final class ChunkInsert {
    private final SourceTable source;
    private final SourceTable shadow;
    private final KeyColumns key;
    private final List<String> columns;

    ChunkInsert(SourceTable source, SourceTable shadow, KeyColumns key) {
        this.source = source;
        this.shadow = shadow;
        this.key = key;
        Set<String> generated = shadow.columns().stream().filter(Column::isGenerated).map(Column::name)
                .collect(Collectors.toSet());
        this.columns = source.columns().stream().filter(c -> !c.isGenerated() && !generated.contains(c.name()))
                .map(Column::name).toList();
        List<String> missing = columns.stream().filter(c -> shadow.column(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the shadow " + shadow.ref() + " lacks the columns " + missing + " of "
                    + source.ref() + ": it was not created from this source; drop it and prepare again");
        }
    }

    /** The INSERT for {@code range}; {@link KeyColumns#bind(java.sql.PreparedStatement, int, KeyRange)} binds it. */
    String sql(KeyRange range) {
        boolean overriding = shadow.columns().stream().anyMatch(c -> c.identity() == 'a');
        String target = columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String select = columns.stream().map(c -> "s." + Identifiers.quote(c)).collect(Collectors.joining(", "));
        return "INSERT INTO " + shadow.ref().sql() + " (" + target + ")"
                + (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + select + " FROM ONLY "
                + source.ref().sql() + " s WHERE " + key.where("s", range);
    }
}
