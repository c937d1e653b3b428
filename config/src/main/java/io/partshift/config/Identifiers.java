package io.partshift.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Quoting and parsing of PostgreSQL identifiers, in one place so SQL text is never built by hand elsewhere. */
public final class Identifiers {
    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    public static final int MAX_LENGTH = 63;
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private Identifiers() {
    }

    /** Quotes an identifier only when PostgreSQL needs it (keeps generated DDL readable). */
    public static String quote(String identifier) {
        if (PLAIN.matcher(identifier).matches() && !Keywords.isReserved(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * Splits {@code a.b} or {@code "a.x"."B"} into parts; unquoted parts fold to lower case.
     *
     * @throws BadInputException when quotes are unbalanced or a part is empty
     */
    public static List<String> splitQualified(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        current.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(finish(text, current, wasQuoted));
                current.setLength(0);
                wasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new BadInputException("'" + text + "' has an unclosed double quote: close it, e.g. \"My Table\".");
        }
        parts.add(finish(text, current, wasQuoted));
        return parts;
    }

    /** Parses one identifier, quoted or not. */
    public static String parseOne(String text, String what) {
        List<String> parts = splitQualified(text.trim());
        if (parts.size() != 1) {
            throw new BadInputException(what + " '" + text + "' must be a single column name, without a table or schema prefix.");
        }
        return parts.get(0);
    }

    private static String finish(String text, StringBuilder part, boolean wasQuoted) {
        String value = wasQuoted ? part.toString() : part.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (value.isEmpty()) {
            throw new BadInputException("'" + text + "' has an empty name part: write it as schema.table or column.");
        }
        return value;
    }
}
