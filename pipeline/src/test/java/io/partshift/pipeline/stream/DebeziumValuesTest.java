package io.partshift.pipeline.stream;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encodings as Debezium 3.6.3 produced them from PostgreSQL 15 (see the round-trip IT for the live proof). */
class DebeziumValuesTest {

    private static Schema named(SchemaBuilder b, String name) {
        return b.name(name).optional().build();
    }

    private static Schema typed(SchemaBuilder b, String sourceType) {
        return b.parameter(DebeziumValues.SOURCE_TYPE, sourceType).optional().build();
    }

    private static String text(Schema schema, Object value) {
        return DebeziumValues.text("t.c", schema, value);
    }

    @Test
    void nullIsNull() {
        assertNull(text(Schema.OPTIONAL_STRING_SCHEMA, null));
    }

    @Test
    void dates() {
        Schema date = named(SchemaBuilder.int32(), "io.debezium.time.Date");
        assertEquals("2020-02-29", text(date, 18321));
        assertEquals("1970-01-01", text(date, 0));
        assertEquals("0001-01-01 BC", text(date, -719528));
        assertEquals("4714-11-24 BC", text(date, -2440588)); // PostgreSQL's earliest date
        assertEquals("5874897-12-31", text(date, 2145042905));
        assertEquals("infinity", text(date, PgTemporal.DATE_INFINITY));
        assertEquals("-infinity", text(date, PgTemporal.DATE_MINUS_INFINITY));
    }

    @Test
    void timestamps() {
        Schema micros = named(SchemaBuilder.int64(), "io.debezium.time.MicroTimestamp");
        assertEquals("2020-01-01 10:00:00.123456", text(micros, 1577872800123456L));
        assertEquals("1970-01-01 00:00:00", text(micros, 0L));
        assertEquals("1969-12-31 23:59:59.999999", text(micros, -1L));
        assertEquals("0001-01-01 00:00:00 BC", text(micros, -62167219200000000L));
        assertEquals("infinity", text(micros, PgTemporal.TIMESTAMP_INFINITY));
        assertEquals("-infinity", text(micros, PgTemporal.TIMESTAMP_MINUS_INFINITY));
        // 294276-12-31 23:59:59.999999 overflowed in Debezium's arithmetic:
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> text(micros, -9223372036853775810L));
        assertTrue(e.getMessage().contains("t.c"), e.getMessage());

        assertEquals("2020-01-01 10:00:00.123",
                text(named(SchemaBuilder.int64(), "io.debezium.time.Timestamp"), 1577872800123L));
        assertEquals("2020-01-01 10:00:00.123456789",
                text(named(SchemaBuilder.int64(), "io.debezium.time.NanoTimestamp"), 1577872800123456789L));
    }

    @Test
    void zonedTimestamps() {
        Schema zoned = named(SchemaBuilder.string(), "io.debezium.time.ZonedTimestamp");
        assertEquals("2020-01-01 08:00:00.123456+00", text(zoned, "2020-01-01T08:00:00.123456Z"));
        assertEquals("1999-12-31 18:30:00.5+00", text(zoned, "1999-12-31T18:30:00.500000Z"));
        assertEquals("4713-01-01 00:00:00+00 BC", text(zoned, "-4712-01-01T00:00:00.000000Z"));
        assertEquals("10000-01-01 00:00:00+00", text(zoned, "+10000-01-01T00:00:00Z"));
        assertEquals("2020-01-01 08:00:00+00", text(zoned, "2020-01-01T08:00:00Z"));
        assertEquals("2020-01-01 08:00:00+00", text(zoned, "2020-01-01T08:00:00.000000Z"));
        assertEquals("0001-06-01 00:00:00+00 BC", text(zoned, "0000-06-01T00:00:00Z"));
        assertEquals("2020-01-01 06:00:00.1+00", text(zoned, "2020-01-01T08:00:00.1+02:00"));
        assertEquals("infinity", text(zoned, "infinity"));
        assertEquals("-infinity", text(zoned, "-infinity"));
        assertEquals("08:11:12.345Z", text(named(SchemaBuilder.string(), "io.debezium.time.ZonedTime"), "08:11:12.345Z"));
    }

    @Test
    void times() {
        assertEquals("23:59:59.123456", text(named(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), 86399123456L));
        assertEquals("24:00:00", text(named(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), 86400000000L));
        assertEquals("10:00:00.5", text(named(SchemaBuilder.int32(), "io.debezium.time.Time"), 36000500));
        assertEquals("00:00:00.000000001", text(named(SchemaBuilder.int64(), "io.debezium.time.NanoTime"), 1L));
        assertThrows(IllegalArgumentException.class,
                () -> text(named(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), 86400000001L));
    }

    @Test
    void intervals() {
        assertEquals("P0Y1M-1DT25H0M0.000001S",
                text(named(SchemaBuilder.string(), "io.debezium.time.Interval"), "P0Y1M-1DT25H0M0.000001S"));
        assertEquals("1500000 microseconds",
                text(named(SchemaBuilder.int64(), "io.debezium.time.MicroDuration"), 1500000L));
    }

    @Test
    void stringSemantics() {
        for (String name : List.of("io.debezium.data.Json", "io.debezium.data.Uuid", "io.debezium.data.Xml",
                "io.debezium.data.Enum", "io.debezium.data.EnumSet", "io.debezium.data.Tsvector")) {
            assertEquals("{\"a\": 1} 'x'", text(named(SchemaBuilder.string(), name), "{\"a\": 1} 'x'"), name);
        }
    }

    @Test
    void hstoreFromJson() {
        Schema hstore = SchemaBuilder.string().name("io.debezium.data.Json")
                .parameter(DebeziumValues.SOURCE_TYPE, "HSTORE").optional().build();
        assertEquals("\"a\"=>\"1\", \"b\"=>NULL, \"c d\"=>\"x\\\"y\\\\z\"",
                text(hstore, "{\"a\":\"1\",\"b\":null,\"c d\":\"x\\\"y\\\\z\"}"));
        assertEquals("", text(hstore, "{}"));
        Map<String, String> map = new LinkedHashMap<>();
        map.put("k", "v");
        map.put("n", null);
        assertEquals("\"k\"=>\"v\", \"n\"=>NULL",
                text(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build(), map));
    }

    @Test
    void bitsAreLittleEndianWithTheirLength() {
        Schema bits3 = SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "3").optional().build();
        assertEquals("011", text(bits3, new byte[] {0x03}));
        Schema bits12 = SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "12").optional().build();
        assertEquals("100000000101", text(bits12, new byte[] {0x05, 0x08}));
        assertEquals("1", text(typed(SchemaBuilder.bool(), "BIT"), true));
        assertEquals("0", text(typed(SchemaBuilder.bool(), "VARBIT"), false));
    }

    @Test
    void decimals() {
        Schema vsd = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).optional().build();
        Struct s = new Struct(vsd).put("scale", 2).put("value", BigInteger.valueOf(-12345).toByteArray());
        assertEquals("-123.45", text(vsd, s));
        assertEquals("1.10", text(Decimal.builder(2).optional().build(), new BigDecimal("1.10")));
        Schema numeric = typed(SchemaBuilder.string(), "NUMERIC");
        assertEquals("NaN", text(numeric, "NAN"));
        assertEquals("Infinity", text(numeric, "POSITIVE_INFINITY"));
        assertEquals("-Infinity", text(numeric, "NEGATIVE_INFINITY"));
        assertEquals("1234.50", text(numeric, "1234.50"));
        assertEquals("-1234567.89", text(typed(SchemaBuilder.string(), "MONEY"), "-1234567.89"));
        // Only numeric columns: text that happens to read NAN stays as it is.
        assertEquals("NAN", text(typed(SchemaBuilder.string(), "TEXT"), "NAN"));
    }

    @Test
    void numbersAndBooleans() {
        assertEquals("-32768", text(Schema.OPTIONAL_INT16_SCHEMA, (short) -32768));
        assertEquals("9223372036854775807", text(Schema.OPTIONAL_INT64_SCHEMA, Long.MAX_VALUE));
        assertEquals("NaN", text(Schema.OPTIONAL_FLOAT32_SCHEMA, Float.NaN));
        assertEquals("-Infinity", text(Schema.OPTIONAL_FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY));
        assertEquals("Infinity", text(Schema.OPTIONAL_FLOAT64_SCHEMA, Double.POSITIVE_INFINITY));
        assertEquals("1.1", text(Schema.OPTIONAL_FLOAT32_SCHEMA, 1.1f));
        assertEquals(0.1 + 0.2, Double.parseDouble(text(Schema.OPTIONAL_FLOAT64_SCHEMA, 0.1 + 0.2)));
        assertEquals("t", text(Schema.OPTIONAL_BOOLEAN_SCHEMA, true));
        assertEquals("f", text(Schema.OPTIONAL_BOOLEAN_SCHEMA, false));
    }

    @Test
    void bytes() {
        Schema bytea = typed(SchemaBuilder.bytes(), "BYTEA");
        assertEquals("\\xdeadbeef00", text(bytea, ByteBuffer.wrap(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe,
                (byte) 0xef, 0})));
        assertEquals("\\x", text(Schema.OPTIONAL_BYTES_SCHEMA, new byte[0]));
        // An unknown type arrives as the bytes of its text.
        assertEquals("(1.0,1.0),(0.0,0.0)", text(typed(SchemaBuilder.bytes(), "BOX"),
                ByteBuffer.wrap("(1.0,1.0),(0.0,0.0)".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void arrays() {
        Schema texts = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        assertEquals("{\"a\\\"b\",NULL,\"c,d\",\"NULL\",\"\",\"sp ace\",\"back\\\\slash\",\"{}\",é,\"line\nbreak\"}",
                text(texts, Arrays.asList("a\"b", null, "c,d", "NULL", "", "sp ace", "back\\slash", "{}", "é",
                        "line\nbreak")));
        Schema ints = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build();
        assertEquals("{1,NULL,3}", text(ints, Arrays.asList(1, null, 3)));
        assertEquals("{}", text(ints, List.of()));
        Schema nested = SchemaBuilder.array(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .optional().build();
        assertEquals("{{1,2},{3,NULL}}", text(nested, List.of(List.of(1, 2), Arrays.asList(3, null))));
        Schema byteas = SchemaBuilder.array(Schema.OPTIONAL_BYTES_SCHEMA).optional().build();
        assertEquals("{\"\\\\x0102\",NULL}", text(byteas, Arrays.asList(ByteBuffer.wrap(new byte[] {1, 2}), null)));
        Schema dates = SchemaBuilder.array(named(SchemaBuilder.int32(), "io.debezium.time.Date")).optional().build();
        assertEquals("{2020-02-29,\"0001-01-01 BC\"}", text(dates, List.of(18321, -719528)));
    }

    @Test
    void pgTextPassesThrough() {
        Schema pgText = SchemaBuilder.string().name(PgTextConverter.SCHEMA_NAME).optional().build();
        assertEquals("{\"10:00:00+05:30\",NULL}", text(pgText, "{\"10:00:00+05:30\",NULL}"));
        assertEquals("00101", text(pgText, "00101"));
    }

    @Test
    void pointsAndUnsupportedGeometry() {
        Schema point = SchemaBuilder.struct().name("io.debezium.data.geometry.Point")
                .field("x", Schema.FLOAT64_SCHEMA).field("y", Schema.FLOAT64_SCHEMA)
                .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA).optional().build();
        assertEquals("(1.5,2.0)", text(point, new Struct(point).put("x", 1.5).put("y", 2.0)));
        Schema geometry = SchemaBuilder.struct().name("io.debezium.data.geometry.Geometry")
                .field("wkb", Schema.BYTES_SCHEMA).parameter(DebeziumValues.SOURCE_TYPE, "GEOMETRY").optional().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> text(geometry, new Struct(geometry).put("wkb", new byte[] {1})));
        assertTrue(e.getMessage().contains("t.c") && e.getMessage().contains("GEOMETRY"), e.getMessage());
        Schema struct = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).optional().build();
        assertThrows(IllegalArgumentException.class, () -> text(struct, new Struct(struct).put("a", 1)));
    }

    @Test
    void unavailablePlaceholderInEveryShape() {
        byte[] bytes = DebeziumValues.PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
        assertTrue(DebeziumValues.isUnavailable(DebeziumValues.PLACEHOLDER));
        assertTrue(DebeziumValues.isUnavailable(bytes));
        assertTrue(DebeziumValues.isUnavailable(ByteBuffer.wrap(bytes)));
        assertTrue(DebeziumValues.isUnavailable(List.of(DebeziumValues.PLACEHOLDER)));
        assertTrue(DebeziumValues.isUnavailable(List.of(ByteBuffer.wrap(bytes))));
        List<Integer> ints = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        for (byte b : bytes) {
            ints.add((int) b);
            longs.add((long) b);
        }
        assertTrue(DebeziumValues.isUnavailable(ints));
        assertTrue(DebeziumValues.isUnavailable(longs));

        assertFalse(DebeziumValues.isUnavailable(null));
        assertFalse(DebeziumValues.isUnavailable("__debezium_unavailable"));
        assertFalse(DebeziumValues.isUnavailable(List.of(1, 2, 3)));
        assertFalse(DebeziumValues.isUnavailable(List.of("a")));
        assertFalse(DebeziumValues.isUnavailable(42));
        ints.set(0, 96);
        assertFalse(DebeziumValues.isUnavailable(ints));
    }
}
