package io.partshift.pipeline.copy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.BOOL;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.DATE;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.INTEGER;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.NUMERIC;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.TEXT_BYTES;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.TIMESTAMP;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.TIMESTAMPTZ;
import static io.partshift.pipeline.copy.JavaKeyOrder.Kind.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java's key order must be PostgreSQL's; each list below is in PostgreSQL's ascending order. */
class JavaKeyOrderTest {
    private static void assertOrdered(JavaKeyOrder.Kind kind, String... ascending) {
        List<String> expected = List.of(ascending);
        List<String> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        shuffled.sort((a, b) -> JavaKeyOrder.compare(kind, a, b));
        assertEquals(expected, shuffled, kind.name());
    }

    @Test
    void integersCompareAsNumbersIncludingNegatives() {
        assertOrdered(INTEGER, "-9223372036854775808", "-100", "-20", "-3", "0", "2", "10", "9223372036854775807");
    }

    @Test
    void numericPutsInfinitiesAndNanWherePostgresDoes() {
        assertOrdered(NUMERIC, "-Infinity", "-1000000000000000000000.5", "-1.5", "-1.25", "0", "0.001", "1.1", "2",
                "Infinity", "NaN");
        assertEquals(0, JavaKeyOrder.compare(NUMERIC, "1.10", "1.1"), "numeric equality ignores trailing zeros");
    }

    @Test
    void uuidsCompareAsUnsignedBytes() {
        // java.util.UUID.compareTo is signed and would put the 8000... and ffff... uuids first.
        assertOrdered(UUID, "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-7fff-ffffffffffff",
                "00000000-0000-0000-8000-000000000000", "7fffffff-ffff-ffff-ffff-ffffffffffff",
                "80000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        assertTrue(java.util.UUID.fromString("80000000-0000-0000-0000-000000000000")
                .compareTo(java.util.UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff")) < 0, "Java's order differs");
    }

    @Test
    void datesIncludingBcAndInfinities() {
        assertOrdered(DATE, "-infinity", "4713-01-01 BC", "0044-03-15 BC", "0001-12-31 BC", "0001-01-01", "1969-12-31",
                "2026-03-01", "10000-01-01", "infinity");
    }

    @Test
    void timestampsWithFractionsAndBothSeparators() {
        assertOrdered(TIMESTAMP, "-infinity", "0044-03-15 12:00:00 BC", "2026-03-01 00:00:00", "2026-03-01T00:00:00.000001",
                "2026-03-01 00:00:00.5", "2026-03-01 00:00:01", "infinity");
    }

    @Test
    void timestamptzComparesInstantsWhateverTheOffset() {
        assertOrdered(TIMESTAMPTZ, "-infinity", "0044-03-15 12:00:00+00:53:28 BC", "2026-03-01 00:00:00+01",
                "2026-03-01 00:00:00+00:30", "2026-03-01 00:00:00+00", "2026-03-01T00:00:00.5Z",
                "2026-02-28T23:00:01-01:00", "infinity");
        assertEquals(0, JavaKeyOrder.compare(TIMESTAMPTZ, "2026-03-01 01:00:00+01", "2026-03-01T00:00:00Z"));
        assertThrows(IllegalArgumentException.class,
                () -> JavaKeyOrder.compare(TIMESTAMPTZ, "2026-03-01 00:00:00", "2026-03-01 00:00:00+00"),
                "without an offset its meaning depends on the session's time zone");
    }

    @Test
    void booleansFalseFirst() {
        assertOrdered(BOOL, "f", "t");
    }

    @Test
    void textUnderCComparesCodePointsNotUtf16Units() {
        assertOrdered(TEXT_BYTES, "", "A", "B", "Z", "a", "ab", "b", "é", "\uFFFD", "\uD83D\uDE00");
        assertTrue("\uD83D\uDE00".compareTo("\uFFFD") < 0, "String.compareTo puts the emoji first");
    }

    @Test
    void compositeKeysCompareColumnByColumn() {
        JavaKeyOrder order = new JavaKeyOrder(List.of(INTEGER, TEXT_BYTES));
        assertTrue(order.compare(List.of("-2", "z"), List.of("1", "a")) < 0);
        assertTrue(order.compare(List.of("1", "B"), List.of("1", "a")) < 0);
        assertEquals(0, order.compare(List.of("1", "a"), List.of("1", "a")));
    }

    @Test
    void unreadableValuesFailSoTheCallerComparesInSql() {
        assertThrows(IllegalArgumentException.class, () -> JavaKeyOrder.compare(INTEGER, "1.5", "2"));
        assertThrows(IllegalArgumentException.class, () -> JavaKeyOrder.compare(UUID, "not-a-uuid", "x"));
        assertThrows(IllegalArgumentException.class, () -> JavaKeyOrder.compare(DATE, "03/01/2026", "2026-03-01"));
    }

    @Test
    void onlyTypesJavaOrdersExactlyHaveAKind() {
        assertEquals(Optional.of(INTEGER), JavaKeyOrder.kind("int8", false));
        assertEquals(Optional.of(TEXT_BYTES), JavaKeyOrder.kind("text", true));
        assertEquals(Optional.empty(), JavaKeyOrder.kind("text", false), "a linguistic collation");
        assertEquals(Optional.empty(), JavaKeyOrder.kind("bpchar", true), "char(n) ignores trailing spaces");
        assertEquals(Optional.empty(), JavaKeyOrder.kind("float8", false));
    }
}
