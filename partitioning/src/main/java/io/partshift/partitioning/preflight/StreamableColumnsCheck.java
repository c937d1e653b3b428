package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;
import java.util.Set;

/**
 * Every column's values survive the change stream exactly. Debezium's Postgres connector turns {@code timetz}
 * values into UTC and drops their offset before partshift can see them, and it cannot carry PostGIS geometries as
 * text: changes to such columns would reach the shadow altered, so the table is refused before anything starts.
 */
final class StreamableColumnsCheck extends NamedCheck {
    static final String NAME = "streamable-columns";
    private static final Set<String> ALTERED = Set.of("timetz", "geometry", "geography");

    StreamableColumnsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        List<Column> altered = table.columns().stream()
                .filter(c -> !c.isGenerated() && ALTERED.contains(c.baseType())).toList();
        if (altered.isEmpty()) {
            return CheckResult.ok(NAME, "every column's values stream unchanged");
        }
        Column first = altered.get(0);
        String columns = String.join(", ", altered.stream()
                .map(c -> Identifiers.quote(c.name()) + " (" + c.type() + ")").toList());
        String remedy = first.baseType().equals("timetz")
                ? "change it to time or timestamptz (ALTER TABLE " + table.ref().sql() + " ALTER COLUMN "
                + Identifiers.quote(first.name()) + " TYPE timestamptz USING ...) before migrating"
                : "store it as text or bytea (e.g. ST_AsEWKB) in another column, or migrate this table another way";
        return CheckResult.fail(NAME, table.ref().sql() + " has column" + (altered.size() == 1 ? " " : "s ") + columns
                + " whose values the change stream cannot carry exactly (the time zone offset or the geometry would be"
                + " lost on every change): " + remedy + ".");
    }
}
