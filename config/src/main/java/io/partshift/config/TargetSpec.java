package io.partshift.config;

import java.util.Objects;

/** What commands that only look at a table need: where the database is, which table, and where state lives. */
public record TargetSpec(ConnectionSpec connection, TableRef table, String stateSchema) {
    public TargetSpec {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(stateSchema, "stateSchema");
    }
}
