package io.partshift.partitioning.shadow;

import io.partshift.config.Identifiers;
import io.partshift.config.TableRef;

/**
 * Re-targets {@code pg_get_indexdef} text at the shadow: same method, keys, INCLUDE, WHERE and storage options,
 * new name and table. The head of the definition is parsed rather than searched, because quoted names can hold
 * spaces, dots and the words {@code ON} or {@code USING}.
 */
final class IndexDefinitions {
    private IndexDefinitions() {
    }

    /** A parsed identifier and the position just after it. */
    private record Ident(String name, int end) {
    }

    /**
     * @param definition {@code CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING ...}
     * @param indexName  the index the definition belongs to, checked against what is parsed
     * @param table      the table the definition belongs to, checked likewise
     */
    static String retarget(String definition, String indexName, TableRef table, String newName, TableRef target) {
        String unique = definition.startsWith("CREATE UNIQUE INDEX ") ? "UNIQUE " : "";
        int pos = expect(definition, "CREATE " + unique + "INDEX ", 0);
        Ident name = ident(definition, pos);
        pos = expect(definition, " ON ", name.end());
        if (definition.startsWith("ONLY ", pos)) {
            pos += "ONLY ".length();
        }
        Ident schema = ident(definition, pos);
        Ident relation = ident(definition, expect(definition, ".", schema.end()));
        int using = relation.end();
        expect(definition, " USING ", using);
        if (!name.name().equals(indexName) || !new TableRef(schema.name(), relation.name()).equals(table)) {
            throw new IllegalStateException("index definition names " + name.name() + " on " + schema.name() + "."
                    + relation.name() + ", expected " + indexName + " on " + table + ": " + definition);
        }
        return "CREATE " + unique + "INDEX " + Identifiers.quote(newName) + " ON " + target.sql()
                + definition.substring(using);
    }

    private static int expect(String text, String token, int pos) {
        if (!text.startsWith(token, pos)) {
            throw new IllegalStateException("cannot parse index definition, expected '" + token + "' at position "
                    + pos + ": " + text);
        }
        return pos + token.length();
    }

    /** A quoted identifier ({@code ""} escapes a quote) or a bare one, which ends at a space, dot or parenthesis. */
    private static Ident ident(String text, int pos) {
        StringBuilder name = new StringBuilder();
        if (pos < text.length() && text.charAt(pos) == '"') {
            int i = pos + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        name.append('"');
                        i += 2;
                        continue;
                    }
                    return new Ident(name.toString(), i + 1);
                }
                name.append(c);
                i++;
            }
            throw new IllegalStateException("unclosed quoted name at position " + pos + ": " + text);
        }
        int i = pos;
        while (i < text.length() && " .(".indexOf(text.charAt(i)) < 0) {
            name.append(text.charAt(i));
            i++;
        }
        if (name.length() == 0) {
            throw new IllegalStateException("expected a name at position " + pos + ": " + text);
        }
        return new Ident(name.toString(), i);
    }
}
