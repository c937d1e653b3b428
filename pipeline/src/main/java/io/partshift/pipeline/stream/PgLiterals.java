package io.partshift.pipeline.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's text forms for composite values: array literals ({@code {1,NULL,"a b"}}) and hstore
 * ({@code "k"=>"v", "n"=>NULL}), plus the one JSON shape Debezium uses for hstore: a flat object of strings or nulls.
 */
final class PgLiterals {
    private PgLiterals() {
    }

    /**
     * An array literal from element texts ({@code null} = SQL NULL) or nested lists of them. Elements are quoted
     * whenever PostgreSQL's array parser would otherwise read them differently.
     */
    static String array(List<?> elements) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = elements.get(i);
            if (e == null) {
                sb.append("NULL");
            } else if (e instanceof List<?> nested) {
                sb.append(array(nested));
            } else {
                sb.append(arrayElement((String) e));
            }
        }
        return sb.append('}').toString();
    }

    static String arrayElement(String text) {
        boolean quote = text.isEmpty() || text.equalsIgnoreCase("NULL");
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
        }
        return quote ? quoted(text) : text;
    }

    /** An hstore literal; every key and value is quoted, so any text survives. */
    static String hstore(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(quoted(k)).append("=>").append(v == null ? "NULL" : quoted(v));
        });
        return sb.toString();
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Parses {@code {"k":"v","n":null}}, the JSON Debezium makes of an hstore value. */
    static Map<String, String> flatJsonObject(String json) {
        JsonReader r = new JsonReader(json);
        Map<String, String> map = new LinkedHashMap<>();
        r.expect('{');
        if (!r.consume('}')) {
            do {
                String key = r.string();
                r.expect(':');
                map.put(key, r.consumeNull() ? null : r.string());
            } while (r.consume(','));
            r.expect('}');
        }
        r.end();
        return map;
    }

    private static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean consume(char c) {
            skipSpace();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw fail("expected '" + c + "'");
            }
        }

        boolean consumeNull() {
            skipSpace();
            if (s.startsWith("null", i)) {
                i += 4;
                return true;
            }
            return false;
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw fail("short \\u escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw fail("unknown escape \\" + e);
                }
            }
            throw fail("unterminated string");
        }

        void end() {
            skipSpace();
            if (i != s.length()) {
                throw fail("trailing characters");
            }
        }

        IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("hstore value from Debezium is not a flat JSON object of strings ("
                    + what + " at offset " + i + ")");
        }
    }
}
