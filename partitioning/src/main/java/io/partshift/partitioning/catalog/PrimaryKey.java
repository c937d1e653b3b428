package io.partshift.partitioning.catalog;

import java.util.List;

/** The source's primary key: the identity of a row for the copier and the applier. */
public record PrimaryKey(String name, List<String> columns) {
    public PrimaryKey {
        columns = List.copyOf(columns);
    }
}
