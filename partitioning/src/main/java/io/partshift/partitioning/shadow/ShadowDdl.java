package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the shadow's DDL from the source's catalog records: the partitioned parent with every column and table
 * constraint, the partitions, the indexes, and (separately) the foreign keys that can only be added after the copy.
 * Pure: the definitions come from {@code pg_get_*def} and are re-targeted, never re-invented.
 */
final class ShadowDdl {
    /**
     * @param create        run in one transaction before the copy
     * @param postCopy      run after the copy, before cutover
     * @param relationNames every index the statements create besides tables (they share the schema's namespace)
     */
    record Statements(List<String> create, List<String> postCopy, List<String> relationNames) {
        Statements {
            create = List.copyOf(create);
            postCopy = List.copyOf(postCopy);
            relationNames = List.copyOf(relationNames);
        }
    }

    private final SourceTable source;
    private final Names names;
    private final List<String> keyColumns;

    /** @param keyColumns the partition columns of every level, top first, without repeats */
    ShadowDdl(SourceTable source, Names names, List<String> keyColumns) {
        this.source = source;
        this.names = names;
        this.keyColumns = List.copyOf(keyColumns);
    }

    /** @param identityOptions sequence options per identity column, e.g. {@code INCREMENT BY 1 ... NO CYCLE} */
    Statements statements(String partitionBy, List<PartitionLayout.Slot> slots, Map<String, String> identityOptions) {
        TableRef shadow = names.shadow();
        List<String> create = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        create.add(createParent(shadow, partitionBy, identityOptions, relations));
        for (PartitionLayout.Slot slot : slots) {
            create.add("CREATE TABLE " + slot.name().sql() + " PARTITION OF " + slot.parent().sql() + " "
                    + slot.clause() + slot.partitionBy().map(p -> " PARTITION BY " + p).orElse(""));
        }
        for (IndexInfo index : source.indexes()) {
            if (index.primary() || index.constraint() != null) {
                continue; // recreated with its constraint in CREATE TABLE
            }
            if (!index.valid()) {
                throw new IllegalStateException("index " + index.name() + " on " + source.ref() + " is invalid;"
                        + " preflight should have refused it");
            }
            if (index.unique() && !index.columns().containsAll(keyColumns)) {
                throw new IllegalStateException("unique index " + index.name() + " lacks a partition key column of "
                        + keyColumns + "; preflight should have refused it");
            }
            String name = names.shadowIndex(index.name());
            relations.add(name);
            create.add(IndexDefinitions.retarget(index.definition(), index.name(), source.ref(), name, shadow));
        }
        List<String> postCopy = new ArrayList<>();
        for (ConstraintInfo fk : source.constraintsOfType('f')) {
            postCopy.add("ALTER TABLE " + shadow.sql() + " ADD CONSTRAINT " + Identifiers.quote(fk.name()) + " "
                    + fk.definition());
        }
        return new Statements(create, postCopy, relations);
    }

    private String createParent(TableRef shadow, String partitionBy, Map<String, String> identityOptions,
                                List<String> relations) {
        List<String> lines = new ArrayList<>();
        for (Column column : source.columns()) {
            lines.add(column(column, identityOptions));
        }
        for (ConstraintInfo check : source.constraintsOfType('c')) {
            if (check.definition().endsWith(" NO INHERIT")) {
                throw new BadInputException("CHECK constraint " + check.name() + " on " + source.ref() + " is NO"
                        + " INHERIT, which a partitioned table cannot have: recreate it without NO INHERIT first.");
            }
            lines.add("CONSTRAINT " + Identifiers.quote(check.name()) + " " + check.definition());
        }
        ConstraintInfo pk = source.constraintsOfType('p').stream().findFirst().orElseThrow(() ->
                new IllegalStateException(source.ref() + " has no primary key; preflight should have refused it"));
        relations.add(names.shadowPrimaryKey());
        lines.add("CONSTRAINT " + Identifiers.quote(names.shadowPrimaryKey()) + " " + primaryKey(pk));
        for (ConstraintInfo unique : source.constraintsOfType('u')) {
            if (!unique.columns().containsAll(keyColumns)) {
                throw new IllegalStateException("unique constraint " + unique.name() + " lacks a partition key column"
                        + " of " + keyColumns + "; preflight should have refused it");
            }
            String name = names.shadowIndex(unique.name());
            relations.add(name);
            lines.add("CONSTRAINT " + Identifiers.quote(name) + " " + unique.definition());
        }
        return "CREATE TABLE " + shadow.sql() + " (\n    " + String.join(",\n    ", lines) + "\n) PARTITION BY "
                + partitionBy;
    }

    private static String column(Column column, Map<String, String> identityOptions) {
        StringBuilder sql = new StringBuilder(Identifiers.quote(column.name())).append(' ').append(column.type());
        column.collation().ifPresent(c -> sql.append(" COLLATE ").append(c));
        if (column.isGenerated()) {
            sql.append(" GENERATED ALWAYS AS (").append(column.generatedExpr().get()).append(") STORED");
        } else if (column.isIdentity()) {
            sql.append(column.identity() == 'a' ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
            Optional.ofNullable(identityOptions.get(column.name())).ifPresent(o -> sql.append(" (").append(o).append(')'));
        } else {
            column.defaultExpr().ifPresent(d -> sql.append(" DEFAULT ").append(d));
        }
        if (column.notNull()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    /**
     * The source's primary key definition with the partition columns it lacks appended to its key list, keeping
     * INCLUDE and DEFERRABLE clauses as they were.
     */
    String primaryKey(ConstraintInfo pk) {
        String definition = pk.definition();
        String head = "PRIMARY KEY (";
        if (!definition.startsWith(head)) {
            throw new IllegalStateException("unexpected primary key definition of " + source.ref() + ": " + definition);
        }
        int close = closingParen(definition, head.length());
        StringBuilder extra = new StringBuilder();
        for (String key : keyColumns) {
            if (!pk.columns().contains(key)) {
                extra.append(", ").append(Identifiers.quote(key));
            }
        }
        return definition.substring(0, close) + extra + definition.substring(close);
    }

    /** The position of the parenthesis closing a list that starts at {@code from}, skipping quoted names. */
    private static int closingParen(String text, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted; // an escaped "" toggles twice
            } else if (c == ')' && !quoted) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced primary key definition: " + text);
    }
}
