package io.partshift.partitioning.preflight;

import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionLevel;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every check reads: the connection (for the few facts the catalog model does not hold), the spec, the
 * source table as read once, and the server's settings. Checks never write through the connection.
 */
public record PreflightContext(Connection connection, MigrationSpec spec, Optional<SourceTable> table,
                               ServerInfo server) {
    public PreflightContext {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(server, "server");
    }

    /** Reads the source table and the server facts for {@code spec}. */
    public static PreflightContext read(Connection connection, MigrationSpec spec) throws SQLException {
        return new PreflightContext(connection, spec, new CatalogReader(connection).read(spec.table()),
                ServerInfo.read(connection));
    }

    /** The source, for checks that declare {@link PreflightCheck#needsTable()}; {@link Preflight} skips them otherwise. */
    public SourceTable source() {
        return table.orElseThrow(() -> new IllegalStateException("no table " + spec.table() + ": this check needs it"));
    }

    /** The partitioning levels, top first. */
    public List<PartitionLevel> levels() {
        List<PartitionLevel> levels = new ArrayList<>(2);
        levels.add(spec.partitioning().top());
        spec.partitioning().sub().ifPresent(levels::add);
        return levels;
    }

    /** The distinct partition-key columns, top first. */
    public List<String> keyColumns() {
        return levels().stream().map(PartitionLevel::column).distinct().toList();
    }

    /** The table's quoted name for SQL in messages. */
    public String tableSql() {
        return spec.table().sql();
    }
}
