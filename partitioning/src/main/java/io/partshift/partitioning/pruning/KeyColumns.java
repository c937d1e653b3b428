package io.partshift.partitioning.pruning;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The partition-key columns of a table and of its partitioned children, and whether a condition printed by EXPLAIN
 * mentions one. EXPLAIN prints columns bare ({@code created_at}), qualified ({@code events_1.created_at}) or quoted
 * ({@code "Created"}), so each column is matched as a whole word in each spelling, after string literals are blanked
 * out so that {@code kind = 'created_at'} does not count.
 */
final class KeyColumns {
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final Set<String> names;
    private final List<Pattern> patterns;

    KeyColumns(Set<String> names) {
        this.names = Set.copyOf(new TreeSet<>(names));
        this.patterns = names.stream().map(KeyColumns::pattern).toList();
    }

    /** The column names, sorted, for reports. */
    List<String> names() {
        return List.copyOf(new TreeSet<>(names));
    }

    boolean mentionedIn(String condition) {
        if (condition == null || condition.isEmpty()) {
            return false;
        }
        String code = STRING_LITERAL.matcher(condition).replaceAll("''");
        return patterns.stream().anyMatch(p -> p.matcher(code).find());
    }

    /** Whether {@code text} (a condition or a partition-key definition) mentions {@code column}. */
    static boolean mentions(String text, String column) {
        return new KeyColumns(Set.of(column)).mentionedIn(text);
    }

    private static Pattern pattern(String column) {
        String quoted = Pattern.quote('"' + column.replace("\"", "\"\"") + '"');
        // PostgreSQL prints a name bare only when it is lower case and plain; otherwise only the quoted form occurs.
        String bare = PLAIN.matcher(column).matches()
                ? "|(?<![A-Za-z0-9_$\"])" + Pattern.quote(column) + "(?![A-Za-z0-9_$\"])" : "";
        return Pattern.compile(quoted + bare);
    }
}
