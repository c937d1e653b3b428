package io.partshift.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One level's {@code PARTITION BY} clause: a method and the single column it partitions by. */
public record PartitionKey(PartitionMethod method, String column) {
    private static final Pattern CLAUSE = Pattern.compile("(?is)\\s*(RANGE|LIST|HASH)\\s*\\((.*)\\)\\s*");

    public PartitionKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(column, "column");
    }

    /**
     * Parses PostgreSQL's own words, e.g. {@code RANGE (created_at)}, {@code LIST (campaign_id)}, {@code HASH (id)}.
     *
     * @param option the option name, for the error message
     */
    public static PartitionKey parse(String text, String option) {
        Matcher m = CLAUSE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new BadInputException("--" + option + " '" + text + "' is not a partitioning clause: write it as"
                    + " PostgreSQL does, e.g. \"RANGE (created_at)\", \"LIST (campaign_id)\" or \"HASH (id)\".");
        }
        String inside = m.group(2).trim();
        if (inside.isEmpty()) {
            throw new BadInputException("--" + option + " '" + text + "' names no column: put the partition key column"
                    + " in the parentheses, e.g. \"RANGE (created_at)\".");
        }
        if (hasUnquoted(inside, ',') || hasUnquoted(inside, '(')) {
            throw new BadInputException("--" + option + " '" + text + "' partitions by more than one column or an"
                    + " expression: partshift partitions each level by one column; use --subpartition-by for a second"
                    + " level.");
        }
        PartitionMethod method = PartitionMethod.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        return new PartitionKey(method, Identifiers.parseOne(inside, "--" + option + " column"));
    }

    /** Whether {@code c} occurs outside double quotes, so a quoted column such as {@code "a,b"} is still one column. */
    private static boolean hasUnquoted(String text, char c) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted; // a doubled quote toggles twice, which leaves the state as it was
            } else if (ch == c && !quoted) {
                return true;
            }
        }
        return false;
    }

    /** The clause as it appears in DDL, e.g. {@code RANGE (created_at)}. */
    public String sql() {
        return method + " (" + Identifiers.quote(column) + ")";
    }

    @Override
    public String toString() {
        return sql();
    }
}
