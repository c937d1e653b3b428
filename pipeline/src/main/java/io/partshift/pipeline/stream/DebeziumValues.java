package io.partshift.pipeline.stream;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Kafka Connect value with Debezium's semantic types back into PostgreSQL input text, which the applier
 * binds as {@code ?::<column type>}. The text must make PostgreSQL store exactly the source's value, so every
 * encoding Debezium applies is undone here, and a value that cannot be undone exactly is an error, never a guess.
 */
final class DebeziumValues {
    /** Debezium's stand-in for a TOASTed value that an UPDATE left unchanged (replica identity default). */
    static final String PLACEHOLDER = "__debezium_unavailable_value";
    private static final byte[] PLACEHOLDER_BYTES = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
    /** Set on every field by {@code datatype.propagate.source.type}: the PostgreSQL type name in upper case. */
    static final String SOURCE_TYPE = "__debezium.source.column.type";
    private static final Set<String> NUMERIC_TYPES = Set.of("NUMERIC", "DECIMAL", "MONEY");
    private static final Set<String> BIT_TYPES = Set.of("BIT", "VARBIT", "BIT VARYING");
    private static final Set<String> STRING_SEMANTICS = Set.of("io.debezium.time.Interval", "io.debezium.time.ZonedTime",
            "io.debezium.data.Xml", "io.debezium.data.Uuid", "io.debezium.data.Enum", "io.debezium.data.EnumSet",
            "io.debezium.data.Ltree", "io.debezium.data.Tsvector");

    private DebeziumValues() {
    }

    /**
     * Whether {@code value} is Debezium's placeholder for an unchanged TOASTed value, in any of its shapes: the text,
     * its bytes, a one-element list of either (text and bytea arrays) or the placeholder's bytes as numbers (int4[]
     * and int8[]).
     */
    static boolean isUnavailable(Object value) {
        if (value instanceof String s) {
            return s.equals(PLACEHOLDER);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Arrays.equals(bytes(value), PLACEHOLDER_BYTES);
        }
        if (value instanceof List<?> list) {
            if (list.size() == 1) {
                return isUnavailable(list.get(0));
            }
            if (list.size() != PLACEHOLDER_BYTES.length) {
                return false;
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Number n) || n.longValue() != PLACEHOLDER_BYTES[i]) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The PostgreSQL text of a field's value, or {@code null} for SQL NULL. */
    static String text(String column, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema.name();
        if (name != null) {
            String semantic = semantic(column, schema, name, value);
            if (semantic != null) {
                return semantic;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> value.toString();
            // Java prints NaN, Infinity and -Infinity as PostgreSQL reads them, and enough digits to round-trip.
            case FLOAT32, FLOAT64 -> value.toString();
            case BOOLEAN -> bitType(schema) ? ((Boolean) value ? "1" : "0") : ((Boolean) value ? "t" : "f");
            case STRING -> numericType(schema) ? numeric((String) value) : (String) value;
            case BYTES -> byteaType(schema) ? "\\x" + HexFormat.of().formatHex(bytes(value))
                    // An unknown type (box, pg_lsn, a composite...) arrives as the bytes of its PostgreSQL text.
                    : new String(bytes(value), StandardCharsets.UTF_8);
            case ARRAY -> array(column, schema, (List<?>) value);
            case MAP -> hstore(column, schema, (Map<?, ?>) value);
            case STRUCT -> throw unsupported(column, schema, "a structure");
        };
    }

    /** Debezium's semantic types; null when the name does not change how the primitive value reads. */
    private static String semantic(String column, Schema schema, String name, Object value) {
        if (STRING_SEMANTICS.contains(name)) {
            return (String) value;
        }
        return switch (name) {
            case PgTextConverter.SCHEMA_NAME -> (String) value;
            case "io.debezium.time.Date" -> PgTemporal.date((Integer) value);
            case "io.debezium.time.Time" -> PgTemporal.time(((Number) value).longValue(), 1_000, column);
            case "io.debezium.time.MicroTime" -> PgTemporal.time((Long) value, 1_000_000, column);
            case "io.debezium.time.NanoTime" -> PgTemporal.time((Long) value, 1_000_000_000, column);
            case "io.debezium.time.Timestamp" -> PgTemporal.timestamp((Long) value, 1_000, column);
            case "io.debezium.time.MicroTimestamp" -> PgTemporal.timestamp((Long) value, 1_000_000, column);
            case "io.debezium.time.NanoTimestamp" -> PgTemporal.timestamp((Long) value, 1_000_000_000, column);
            case "io.debezium.time.ZonedTimestamp" -> PgTemporal.zonedTimestamp((String) value, column);
            // Only interval.handling.mode=numeric produces this; it has already counted a month as 30.4375 days, so
            // it is exact only for intervals without months. Our configuration uses the string mode.
            case "io.debezium.time.MicroDuration" -> value + " microseconds";
            case "io.debezium.data.Json" -> "HSTORE".equals(sourceType(schema))
                    ? PgLiterals.hstore(PgLiterals.flatJsonObject((String) value)) : (String) value;
            case "io.debezium.data.Bits" -> bits(column, schema, bytes(value));
            case "io.debezium.data.VariableScaleDecimal" -> variableScaleDecimal((Struct) value);
            case Decimal.LOGICAL_NAME -> ((BigDecimal) value).toPlainString();
            case "io.debezium.data.geometry.Point" -> "(" + ((Struct) value).getFloat64("x") + ","
                    + ((Struct) value).getFloat64("y") + ")";
            case "io.debezium.data.geometry.Geometry", "io.debezium.data.geometry.Geography" ->
                    throw unsupported(column, schema, "a PostGIS value");
            default -> null;
        };
    }

    /** Debezium's string decimal mode spells PostgreSQL's special numerics its own way. */
    private static String numeric(String text) {
        return switch (text) {
            case "NAN" -> "NaN";
            case "POSITIVE_INFINITY" -> "Infinity";
            case "NEGATIVE_INFINITY" -> "-Infinity";
            default -> text;
        };
    }

    private static String variableScaleDecimal(Struct s) {
        return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale")).toPlainString();
    }

    /** Debezium's bit strings: little-endian bytes, bit 0 being the last character. Exact only for bit(n). */
    private static String bits(String column, Schema schema, byte[] bytes) {
        String length = schema.parameters() == null ? null : schema.parameters().get("length");
        if (length == null) {
            throw unsupported(column, schema, "a bit string without its length");
        }
        int n = Integer.parseInt(length);
        StringBuilder sb = new StringBuilder(n);
        for (int i = n - 1; i >= 0; i--) {
            boolean set = i / 8 < bytes.length && (bytes[i / 8] & (1 << (i % 8))) != 0;
            sb.append(set ? '1' : '0');
        }
        return sb.toString();
    }

    private static String array(String column, Schema schema, List<?> list) {
        return PgLiterals.array(items(column, schema.valueSchema(), list));
    }

    /** Element texts, keeping nested lists (a multidimensional array) as lists for {@link PgLiterals#array}. */
    private static List<Object> items(String column, Schema element, List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object e : list) {
            if (e != null && element.type() == Schema.Type.ARRAY) {
                out.add(items(column, element.valueSchema(), (List<?>) e));
            } else if (e instanceof List<?> nested) {
                out.add(items(column, element, nested));
            } else {
                out.add(text(column, element, e));
            }
        }
        return out;
    }

    private static String hstore(String column, Schema schema, Map<?, ?> map) {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> entries.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return PgLiterals.hstore(entries);
    }

    /** The PostgreSQL type name, or "" when Debezium did not propagate it. */
    private static String sourceType(Schema schema) {
        String type = schema.parameters() == null ? null : schema.parameters().get(SOURCE_TYPE);
        return type == null ? "" : type;
    }

    private static boolean numericType(Schema schema) {
        return NUMERIC_TYPES.contains(sourceType(schema));
    }

    private static boolean bitType(Schema schema) {
        return BIT_TYPES.contains(sourceType(schema));
    }

    private static boolean byteaType(Schema schema) {
        String type = sourceType(schema);
        return type.isEmpty() || type.equals("BYTEA");
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private static IllegalArgumentException unsupported(String column, Schema schema, String what) {
        return new IllegalArgumentException("column " + column + " (source type " + sourceType(schema) + ", Debezium "
                + (schema.name() == null ? schema.type() : schema.name()) + ") holds " + what
                + ", which the change stream cannot turn into PostgreSQL text exactly");
    }
}
