package io.partshift.partitioning.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the bound text PostgreSQL prints for a partition ({@code pg_get_expr(relpartbound, oid)}): {@code DEFAULT},
 * {@code FOR VALUES FROM (...) TO (...)}, {@code FOR VALUES IN (...)} and {@code FOR VALUES WITH (modulus m,
 * remainder r)}. Constants come quoted ({@code '2026-03-01 00:00:00+00'}, {@code 'it''s'}, {@code '-5'}) or bare
 * ({@code 42}, {@code MINVALUE}, {@code NULL}, {@code true}); PostgreSQL prints them without casts.
 */
final class BoundText {
    private static final Pattern RANGE = Pattern.compile("(?s)FOR VALUES FROM \\((.*)\\) TO \\((.*)\\)");
    private static final Pattern LIST = Pattern.compile("(?s)FOR VALUES IN \\((.*)\\)");
    private static final Pattern HASH = Pattern.compile("(?i)FOR VALUES WITH \\(modulus (\\d+), remainder (\\d+)\\)");

    private BoundText() {
    }

    /**
     * @throws IllegalArgumentException for text that is none of the four forms, or a RANGE bound over several
     *                                  columns (callers refuse multi-column keys before they get here)
     */
    static LiveBound parse(String text) {
        String t = text.trim();
        if (t.equals("DEFAULT")) {
            return new LiveBound.Default();
        }
        Matcher hash = HASH.matcher(t);
        if (hash.matches()) {
            return new LiveBound.Hash(Integer.parseInt(hash.group(1)), Integer.parseInt(hash.group(2)));
        }
        Matcher list = LIST.matcher(t);
        if (list.matches()) {
            List<String> values = new ArrayList<>();
            boolean hasNull = false;
            for (Token token : tokens(list.group(1), t)) {
                if (!token.quoted() && token.text().equalsIgnoreCase("NULL")) {
                    hasNull = true;
                } else {
                    values.add(token.text());
                }
            }
            return new LiveBound.ListIn(values, hasNull);
        }
        Matcher range = splitRange(t);
        if (range != null) {
            return new LiveBound.Range(edge(range.group(1), t), edge(range.group(2), t));
        }
        throw new IllegalArgumentException("unexpected partition bound: " + text);
    }

    /** FROM (...) TO (...) where a quoted constant could itself contain ") TO (": split at the real one. */
    private static Matcher splitRange(String text) {
        Matcher m = RANGE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        // The greedy match splits at the last ") TO ("; a quoted upper bound holding that text would fool it, so
        // check the lower part tokenises cleanly, and otherwise fall back to a reluctant split.
        try {
            tokens(m.group(1), text);
            tokens(m.group(2), text);
            return m;
        } catch (IllegalArgumentException e) {
            Matcher reluctant = Pattern.compile("(?s)FOR VALUES FROM \\((.*?)\\) TO \\((.*)\\)").matcher(text);
            return reluctant.matches() ? reluctant : null;
        }
    }

    private static LiveBound.Edge edge(String inside, String whole) {
        List<Token> tokens = tokens(inside, whole);
        if (tokens.size() != 1) {
            throw new IllegalArgumentException("a RANGE bound over " + tokens.size() + " columns: " + whole);
        }
        Token token = tokens.get(0);
        if (!token.quoted()) {
            switch (token.text().toUpperCase(Locale.ROOT)) {
                case "MINVALUE" -> {
                    return LiveBound.Edge.MIN;
                }
                case "MAXVALUE" -> {
                    return LiveBound.Edge.MAX;
                }
                default -> {
                    // a bare number
                }
            }
        }
        return LiveBound.Edge.value(token.text());
    }

    private record Token(String text, boolean quoted) {
    }

    /** Splits a comma-separated list of constants, undoing the quoting of quoted ones. */
    private static List<Token> tokens(String inside, String whole) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = inside.length();
        while (true) {
            while (i < n && inside.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                throw new IllegalArgumentException("empty constant in partition bound: " + whole);
            }
            if (inside.charAt(i) == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated constant in partition bound: " + whole);
                    }
                    char c = inside.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < n && inside.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
                tokens.add(new Token(value.toString(), true));
            } else {
                int start = i;
                while (i < n && inside.charAt(i) != ',') {
                    i++;
                }
                String bare = inside.substring(start, i).trim();
                if (bare.isEmpty() || bare.contains("'") || bare.contains("(")) {
                    throw new IllegalArgumentException("unexpected constant '" + bare + "' in partition bound: " + whole);
                }
                tokens.add(new Token(bare, false));
            }
            while (i < n && inside.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                return tokens;
            }
            if (inside.charAt(i) != ',') {
                throw new IllegalArgumentException("unexpected text after a constant in partition bound: " + whole);
            }
            i++;
        }
    }
}
