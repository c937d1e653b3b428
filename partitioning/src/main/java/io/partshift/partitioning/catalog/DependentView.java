package io.partshift.partitioning.catalog;

import io.partshift.config.TableRef;

/** A view or materialized view that reads the source; it binds to the source by OID. */
public record DependentView(TableRef view, boolean materialized) {
}
