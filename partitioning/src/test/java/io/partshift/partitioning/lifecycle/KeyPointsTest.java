package io.partshift.partitioning.lifecycle;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounds written by anyone land on one line with partshift's own. */
class KeyPointsTest {
    private static final BigInteger MARCH = KeyPoints.time(LocalDate.of(2026, 3, 1));

    @Test
    void dateAndTimestampSpellingsOfOneInstantAgree() {
        assertEquals(MARCH, KeyPoints.time("'2026-03-01'"));
        assertEquals(MARCH, KeyPoints.time("2026-03-01 00:00:00"));
        assertEquals(MARCH, KeyPoints.time("2026-03-01 00:00:00+00"));
        assertEquals(MARCH, KeyPoints.time("2026-03-01 01:00:00+01"));
        assertEquals(MARCH, KeyPoints.time("2026-02-28 19:00:00-05"));
        assertEquals(MARCH, KeyPoints.time("2026-03-01 05:30:00+05:30"));
        assertEquals(MARCH.add(BigInteger.valueOf(500_000)), KeyPoints.time("2026-03-01 00:00:00.5"));
        assertEquals(MARCH, KeyPoints.time(LocalDateTime.of(2026, 3, 1, 0, 0)));
    }

    @Test
    void infinityAndOldDatesOrderCorrectly() {
        assertEquals(KeyPoints.MAX, KeyPoints.time("infinity"));
        assertEquals(KeyPoints.MIN, KeyPoints.time("-infinity"));
        assertTrue(KeyPoints.time("0044-03-15 BC").compareTo(KeyPoints.time("0001-01-01")) < 0);
        assertTrue(KeyPoints.time("12026-01-01").compareTo(KeyPoints.MAX) < 0);
    }

    @Test
    void edgesOfIntegerAndTimeKeys() {
        assertEquals(BigInteger.valueOf(-5), KeyPoints.of(LiveBound.Edge.value("-5"), false));
        assertEquals(KeyPoints.MIN, KeyPoints.of(LiveBound.Edge.MIN, true));
        assertEquals(KeyPoints.MAX, KeyPoints.of(LiveBound.Edge.MAX, false));
        assertEquals(MARCH, KeyPoints.of(LiveBound.Edge.value("2026-03-01"), true));
    }
}
