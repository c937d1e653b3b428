package io.partshift.pipeline.copy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PostgreSQL's order of primary keys, reproduced in Java for the types where that can be done exactly, so the
 * applier classifies change events without a round trip. Values are PostgreSQL text; a value that does not parse
 * throws {@link IllegalArgumentException}, and the caller falls back to comparing in SQL.
 */
final class JavaKeyOrder {
    /** Key types whose order Java reproduces; text only under a byte-order collation ("C"/"POSIX"). */
    enum Kind {
        INTEGER, NUMERIC, UUID, DATE, TIMESTAMP, TIMESTAMPTZ, BOOL, TEXT_BYTES
    }

    private final List<Kind> kinds;

    JavaKeyOrder(List<Kind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /**
     * @param baseType  {@code pg_type.typname} after resolving domains
     * @param byteOrder the column's collation compares bytes (so, in UTF-8, code points)
     */
    static Optional<Kind> kind(String baseType, boolean byteOrder) {
        return Optional.ofNullable(switch (baseType) {
            case "int2", "int4", "int8" -> Kind.INTEGER;
            case "numeric" -> Kind.NUMERIC;
            case "uuid" -> Kind.UUID;
            case "date" -> Kind.DATE;
            case "timestamp" -> Kind.TIMESTAMP;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            case "bool" -> Kind.BOOL;
            // varchar has no operators of its own: it compares as text.
            case "text", "varchar" -> byteOrder ? Kind.TEXT_BYTES : null;
            default -> null;
        });
    }

    /** Compares two keys column by column, like PostgreSQL's row comparison. */
    int compare(List<String> a, List<String> b) {
        if (a.size() != kinds.size() || b.size() != kinds.size()) {
            throw new IllegalArgumentException("keys " + KeyRange.text(a) + " and " + KeyRange.text(b)
                    + " do not both have " + kinds.size() + " values");
        }
        for (int i = 0; i < kinds.size(); i++) {
            int c = compare(kinds.get(i), a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static int compare(Kind kind, String a, String b) {
        try {
            return switch (kind) {
                case INTEGER -> Long.compare(Long.parseLong(a.trim()), Long.parseLong(b.trim()));
                case NUMERIC -> compareNumeric(a.trim(), b.trim());
                case UUID -> compareUuid(a, b);
                case DATE -> Long.compare(TemporalKeyOrder.epochDay(a), TemporalKeyOrder.epochDay(b));
                case TIMESTAMP -> TemporalKeyOrder.timestamp(a, false).compareTo(TemporalKeyOrder.timestamp(b, false));
                case TIMESTAMPTZ -> TemporalKeyOrder.timestamp(a, true).compareTo(TemporalKeyOrder.timestamp(b, true));
                case BOOL -> Boolean.compare(bool(a), bool(b));
                case TEXT_BYTES -> compareCodePoints(a, b);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot compare '" + a + "' and '" + b + "' as "
                    + kind.name().toLowerCase(Locale.ROOT) + " in Java: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL: -Infinity < every number < Infinity < NaN; 1.10 equals 1.1. */
    private static int compareNumeric(String a, String b) {
        int ra = numericRank(a);
        int rb = numericRank(b);
        if (ra != 0 || rb != 0) {
            return Integer.compare(ra, rb);
        }
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }

    private static int numericRank(String v) {
        return switch (v) {
            case "-Infinity" -> -1;
            case "Infinity", "+Infinity" -> 1;
            case "NaN" -> 2;
            default -> 0;
        };
    }

    /** PostgreSQL compares uuids as 16 unsigned bytes, which Java's signed {@code UUID.compareTo} does not. */
    private static int compareUuid(String a, String b) {
        long[] x = uuid(a);
        long[] y = uuid(b);
        int c = Long.compareUnsigned(x[0], y[0]);
        return c != 0 ? c : Long.compareUnsigned(x[1], y[1]);
    }

    private static long[] uuid(String text) {
        String hex = text.trim().replace("-", "").replace("{", "").replace("}", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("not a uuid");
        }
        return new long[]{Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)};
    }

    private static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "t", "true" -> true;
            case "f", "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    /**
     * "C" compares UTF-8 bytes, which order like code points; {@code String.compareTo} compares UTF-16 units, which
     * put U+10000 and above before U+E000..U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
