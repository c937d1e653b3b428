package io.partshift.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Quoting and parsing of PostgreSQL identifiers, in one place so SQL text is never built by hand elsewhere. */
public final class Identifiers {
    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    public static final int MAX_LENGTH = 63;
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");
    /** What PostgreSQL's lexer accepts as an unquoted identifier; letters beyond ASCII count as letters. */
    private static final Pattern UNQUOTED = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

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
     * Splits {@code a.b} or {@code "a.x"."B"} into parts as PostgreSQL reads them: unquoted parts fold ASCII letters
     * to lower case (PostgreSQL leaves other letters alone in UTF-8), quoted parts keep their case and may hold any
     * character, with {@code ""} for a quote.
     *
     * @throws BadInputException when quotes are unbalanced, a part is empty, an unquoted part holds characters that
     *                           need quoting, or a part is longer than 63 bytes
     */
    public static List<String> splitQualified(String text) {
        List<String> parts = new ArrayList<>();
        int i = skipSpaces(text, 0);
        while (true) {
            StringBuilder part = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i = readQuoted(text, i + 1, part);
                if (part.length() == 0) {
                    throw new BadInputException("'" + text + "' has an empty quoted name \"\": put the name between"
                            + " the quotes.");
                }
            } else {
                int start = i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '"') {
                    i++;
                }
                part.append(unquoted(text, text.substring(start, i).strip()));
            }
            String name = part.toString();
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
                throw new BadInputException("'" + name + "' is longer than 63 bytes, PostgreSQL's limit for names:"
                        + " give the name as stored in the catalog.");
            }
            parts.add(name);
            i = skipSpaces(text, i);
            if (i == text.length()) {
                return parts;
            }
            if (text.charAt(i) != '.') {
                throw new BadInputException("'" + text + "' is not a valid name: separate its parts with a dot and"
                        + " quote each whole part that needs it, e.g. \"My Schema\".\"My Table\".");
            }
            i = skipSpaces(text, i + 1);
        }
    }

    /** Reads a quoted part whose opening quote is just before {@code i}; returns the index after its closing quote. */
    private static int readQuoted(String text, int i, StringBuilder part) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '"') {
                part.append(c);
                i++;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                part.append('"');
                i += 2;
            } else {
                return i + 1;
            }
        }
        throw new BadInputException("'" + text + "' has an unclosed double quote: close it, e.g. \"My Table\".");
    }

    private static String unquoted(String text, String part) {
        if (part.isEmpty()) {
            throw new BadInputException("'" + text + "' has an empty name part: write it as schema.table or column.");
        }
        if (!UNQUOTED.matcher(part).matches()) {
            throw new BadInputException("'" + text + "' has '" + part + "', which is not a name PostgreSQL reads"
                    + " unquoted: put it in double quotes, e.g. \"" + part.replace("\"", "\"\"") + "\".");
        }
        StringBuilder folded = new StringBuilder(part.length());
        for (char c : part.toCharArray()) {
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Parses one identifier, quoted or not. */
    public static String parseOne(String text, String what) {
        List<String> parts = splitQualified(text.trim());
        if (parts.size() != 1) {
            throw new BadInputException(what + " '" + text + "' must be a single column name, without a table or schema prefix.");
        }
        return parts.get(0);
    }
}
