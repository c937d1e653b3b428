package io.partshift.partitioning.catalog;

import java.util.List;

/**
 * An index on the source.
 *
 * @param definition     {@code pg_get_indexdef}, e.g. {@code CREATE INDEX ix ON public.events USING btree (created_at)}
 * @param columns        the plain key columns; empty entries stand for expressions
 * @param constraint     the name of the PRIMARY KEY / UNIQUE / EXCLUDE constraint the index backs, or null
 * @param valid          false for an index left invalid by a failed CREATE INDEX CONCURRENTLY
 */
public record IndexInfo(String name, String definition, boolean unique, boolean primary, String constraint,
                        List<String> columns, boolean hasExpressions, boolean partial, boolean valid) {
    public IndexInfo {
        columns = List.copyOf(columns);
    }
}
