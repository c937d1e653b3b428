package io.partshift.config;

import java.util.Objects;

/** A table named by schema and name, as PostgreSQL stores them (case preserved, unquoted). */
public record TableRef(String schema, String name) {
    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code schema.table}, {@code table} (schema {@code public}) or quoted parts like
     * {@code "My Schema"."Events"}. Unquoted parts fold to lower case, as PostgreSQL does.
     */
    public static TableRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("--table is empty: name the table to migrate, e.g. --table public.events.");
        }
        java.util.List<String> parts = Identifiers.splitQualified(text.trim());
        if (parts.size() == 1) {
            return new TableRef("public", parts.get(0));
        }
        if (parts.size() == 2) {
            return new TableRef(parts.get(0), parts.get(1));
        }
        throw new BadInputException("--table '" + text + "' is not schema.table: give it as e.g. --table public.events.");
    }

    /** The quoted, schema-qualified name for SQL text. */
    public String sql() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** A sibling table in the same schema. */
    public TableRef withName(String otherName) {
        return new TableRef(schema, otherName);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
