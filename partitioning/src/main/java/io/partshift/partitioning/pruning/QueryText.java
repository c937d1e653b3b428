package io.partshift.partitioning.pruning;

import io.partshift.config.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The single statement {@code --query} holds, checked before anything is sent. A second statement must never reach
 * the server: pgjdbc would send {@code SELECT ...; COMMIT; DELETE ...} as three statements, and the {@code COMMIT}
 * would end the read-only transaction that makes running the query safe. So semicolons are found the way PostgreSQL's
 * lexer finds them: outside string literals, quoted identifiers, dollar quotes and comments.
 *
 * @param sql       the statement without a trailing semicolon
 * @param firstWord its first keyword, upper case ({@code SELECT}, {@code WITH}, ...)
 * @param parameter the first parameter placeholder ({@code $1}) it holds, or null: nothing would bind a value to it
 */
record QueryText(String sql, String firstWord, String parameter) {
    /**
     * What may follow {@code EXPLAIN ANALYZE} here: statements that read. {@code EXECUTE} runs a statement the caller
     * prepared on the same connection (how a generic plan's run-time pruning is checked); if that statement writes,
     * the read-only transaction refuses it.
     */
    private static final Set<String> READING = Set.of("SELECT", "WITH", "VALUES", "TABLE", "EXECUTE");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_\\u0080-\\uffff][A-Za-z0-9_\\u0080-\\uffff]*)?\\$");

    static QueryText of(String text) {
        List<QueryText> statements = split(text == null ? "" : text);
        if (statements.isEmpty()) {
            throw new BadInputException("--query is empty: give the SELECT to check, e.g. --query \"SELECT * FROM"
                    + " events WHERE created_at >= '2026-03-01' AND created_at < '2026-04-01'\".");
        }
        if (statements.size() > 1) {
            throw new BadInputException("--query holds " + statements.size() + " statements: give exactly one SELECT,"
                    + " without other statements before or after it.");
        }
        QueryText query = statements.get(0);
        if (query.firstWord.equals("EXPLAIN")) {
            throw new BadInputException("--query starts with EXPLAIN: give the bare SELECT, verify adds EXPLAIN"
                    + " (ANALYZE, BUFFERS) itself.");
        }
        if (query.parameter != null) {
            throw new BadInputException("--query uses the parameter " + query.parameter + ", which has no value here:"
                    + " write the value into the query instead, e.g. created_at >= '2026-03-01'.");
        }
        if (!READING.contains(query.firstWord)) {
            String word = query.firstWord;
            String what = word.isEmpty() ? "not a SELECT"
                    : ("AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word + " statement";
            throw new BadInputException("--query is " + what + ": verify runs the query to measure it, so give a"
                    + " SELECT (or WITH ... SELECT) that only reads.");
        }
        return query;
    }

    /** The non-empty statements of {@code text}; a statement of only comments and blanks is no statement. */
    private static List<QueryText> split(String text) {
        List<QueryText> statements = new ArrayList<>();
        int start = 0;
        boolean content = false;
        String firstWord = "";
        String parameter = null;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (startsWith(text, i, "--")) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (startsWith(text, i, "/*")) {
                i = skipBlockComment(text, i);
            } else if (ch == ';') {
                if (content) {
                    statements.add(new QueryText(text.substring(start, i).strip(), firstWord, parameter));
                }
                start = i + 1;
                content = false;
                firstWord = "";
                parameter = null;
                i++;
            } else if (Character.isWhitespace(ch)) {
                i++;
            } else {
                if (!content && Character.isLetter(ch)) {
                    firstWord = word(text, i).toUpperCase(Locale.ROOT);
                }
                if (parameter == null && isParameter(text, i)) {
                    parameter = "$" + word(text, i + 1);
                }
                // A parenthesised query, "(SELECT ...)", starts with its first word inside the parenthesis.
                content = content || ch != '(';
                i = skipToken(text, i);
            }
        }
        if (content) {
            statements.add(new QueryText(text.substring(start).strip(), firstWord, parameter));
        }
        return statements;
    }

    /** {@code $1}, but not the {@code $} inside an identifier such as {@code a$1}. */
    private static boolean isParameter(String text, int i) {
        return text.charAt(i) == '$' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))
                && (i == 0 || !isIdentifierChar(text.charAt(i - 1)));
    }

    private static String word(String text, int from) {
        int end = from;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return text.substring(from, end);
    }

    /** The index after the literal, quoted identifier, dollar-quoted string or single character at {@code i}. */
    private static int skipToken(String text, int i) {
        char ch = text.charAt(i);
        if (ch == '\'') {
            boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                    && (i < 2 || !isIdentifierChar(text.charAt(i - 2)));
            return skipQuoted(text, i, '\'', escapes);
        }
        if (ch == '"') {
            return skipQuoted(text, i, '"', false);
        }
        if (ch == '$' && (i == 0 || !isIdentifierChar(text.charAt(i - 1)))) {
            Matcher tag = DOLLAR_TAG.matcher(text).region(i, text.length());
            if (tag.lookingAt()) {
                int close = text.indexOf(tag.group(), tag.end());
                return close < 0 ? text.length() : close + tag.group().length();
            }
        }
        if (isIdentifierChar(ch)) {
            int end = i;
            while (end < text.length() && isIdentifierChar(text.charAt(end))) {
                end++;
            }
            return end;
        }
        return i + 1;
    }

    /** Skips a quoted run; a doubled quote stands for itself, and in E'...' strings a backslash escapes. */
    private static int skipQuoted(String text, int open, char quote, boolean backslashEscapes) {
        int j = open + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < text.length() && text.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return text.length();
    }

    /** Block comments nest in PostgreSQL. */
    private static int skipBlockComment(String text, int open) {
        int depth = 0;
        int j = open;
        while (j < text.length()) {
            if (startsWith(text, j, "/*")) {
                depth++;
                j += 2;
            } else if (startsWith(text, j, "*/")) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return text.length();
    }

    private static boolean startsWith(String text, int i, String prefix) {
        return text.startsWith(prefix, i);
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
