package io.partshift.partitioning.shadow;

import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.PrimaryKey;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;
import java.util.Optional;

/** Catalog records for unit tests that need no database. */
final class Fixtures {
    static final TableRef EVENTS = new TableRef("public", "events");

    private Fixtures() {
    }

    static Column column(String name, String type, String baseType) {
        return new Column(name, 1, type, 0, 'X', baseType, true, Optional.empty(), '\0', Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static Column identity(String name) {
        return new Column(name, 1, "bigint", 20, 'N', "int8", true, Optional.empty(), 'a', Optional.empty(),
                Optional.empty(), Optional.of("public.events_id_seq"));
    }

    static Column serial(String name) {
        return new Column(name, 1, "integer", 23, 'N', "int4", true,
                Optional.of("nextval('events_id_seq'::regclass)"), '\0', Optional.empty(), Optional.empty(),
                Optional.of("public.events_id_seq"));
    }

    static Column generated(String name, String type, String expr) {
        return new Column(name, 5, type, 0, 'N', type, false, Optional.empty(), '\0', Optional.of(expr),
                Optional.empty(), Optional.empty());
    }

    static Column collated(String name, String collation) {
        return new Column(name, 4, "text", 25, 'S', "text", false, Optional.of("'x'::text"), '\0', Optional.empty(),
                Optional.of(collation), Optional.empty());
    }

    static SourceTable table(List<Column> columns, List<ConstraintInfo> constraints, List<IndexInfo> indexes) {
        Optional<PrimaryKey> pk = constraints.stream().filter(c -> c.type() == 'p').findFirst()
                .map(c -> new PrimaryKey(c.name(), c.columns()));
        return new SourceTable(EVENTS, 1, 'r', false, false, 'p', 'd', "app", 1000, 1 << 20, columns, pk, indexes,
                constraints, List.of(), List.of(), List.of(), List.of(), false, Optional.empty());
    }
}
