package io.partshift.partitioning.catalog;

import io.partshift.config.TableRef;

/** A foreign key on another table that references the source; it binds to the source by OID. */
public record InboundForeignKey(TableRef from, String name, String definition) {
}
