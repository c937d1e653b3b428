package io.partshift.partitioning.shadow;

import io.partshift.config.TimeInterval;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeRangesTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 11); // a Wednesday

    private static TimeInterval iv(String text) {
        return TimeInterval.parse(text, "interval");
    }

    private static List<Bound.Range> bounds(String interval, TimeRanges.Kind kind, String min, String max, int premake) {
        return TimeRanges.bounds(iv(interval), kind, Optional.ofNullable(min).map(LocalDate::parse),
                Optional.ofNullable(max).map(LocalDate::parse), TODAY, premake, false, 10_000);
    }

    @Test
    void monthsCoverMinThroughTodayPlusPremake() {
        List<Bound.Range> b = bounds("1 month", TimeRanges.Kind.TIMESTAMPTZ, "2025-11-17", "2026-01-02", 3);
        assertEquals(List.of("p2025_11", "p2025_12", "p2026_01", "p2026_02", "p2026_03", "p2026_04", "p2026_05",
                "p2026_06"), b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM ('2025-11-01 00:00:00+00') TO ('2025-12-01 00:00:00+00')", b.get(0).clause());
        assertEquals("'2026-07-01 00:00:00+00'", b.get(b.size() - 1).to());
    }

    @Test
    void futureMaxBeyondTodayDecidesTheLastPartitionBeforePremake() {
        List<Bound.Range> b = bounds("1 month", TimeRanges.Kind.DATE, "2026-03-01", "2026-08-31", 2);
        assertEquals(List.of("p2026_03", "p2026_04", "p2026_05", "p2026_06", "p2026_07", "p2026_08", "p2026_09",
                "p2026_10"), b.stream().map(Bound::suffix).toList());
    }

    @Test
    void literalsFollowTheKeyType() {
        LocalDate d = LocalDate.of(2026, 3, 1);
        assertEquals("'2026-03-01'", TimeRanges.literal(d, TimeRanges.Kind.DATE));
        assertEquals("'2026-03-01 00:00:00'", TimeRanges.literal(d, TimeRanges.Kind.TIMESTAMP));
        assertEquals("'2026-03-01 00:00:00+00'", TimeRanges.literal(d, TimeRanges.Kind.TIMESTAMPTZ));
        assertEquals("'0044-03-01'", TimeRanges.literal(LocalDate.of(44, 3, 1), TimeRanges.Kind.DATE));
    }

    @Test
    void daysAreNamedByDateAndBoundedAtMidnight() {
        List<Bound.Range> b = bounds("1 day", TimeRanges.Kind.DATE, "2026-03-09", "2026-03-10", 1);
        assertEquals(List.of("p2026_03_09", "p2026_03_10", "p2026_03_11", "p2026_03_12"),
                b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM ('2026-03-09') TO ('2026-03-10')", b.get(0).clause());
    }

    @Test
    void nDaysAlignToEpochDays() {
        // 2026-03-09 is epoch day 20521; 20521 % 7 = 4, so 7-day spans start on epoch day 20517 = 2026-03-05.
        assertEquals(LocalDate.of(2026, 3, 5), TimeRanges.floor(LocalDate.of(2026, 3, 9), iv("7 days")));
        assertEquals(LocalDate.of(1970, 1, 1), TimeRanges.floor(LocalDate.of(1970, 1, 2), iv("2 days")));
        assertEquals(LocalDate.of(1969, 12, 30), TimeRanges.floor(LocalDate.of(1969, 12, 31), iv("2 days")));
    }

    @Test
    void weeksStartOnIsoMonday() {
        assertEquals(LocalDate.of(2026, 3, 9), TimeRanges.floor(LocalDate.of(2026, 3, 15), iv("1 week"))); // Sunday
        assertEquals(LocalDate.of(2026, 3, 9), TimeRanges.floor(LocalDate.of(2026, 3, 9), iv("1 week")));  // Monday
        List<Bound.Range> b = bounds("1 week", TimeRanges.Kind.TIMESTAMP, "2026-02-26", "2026-03-01", 0);
        assertEquals(List.of("p2026_02_23", "p2026_03_02", "p2026_03_09"), b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM ('2026-02-23 00:00:00') TO ('2026-03-02 00:00:00')", b.get(0).clause());
    }

    @Test
    void twoWeekSpansStayOnMondays() {
        LocalDate start = TimeRanges.floor(LocalDate.of(2026, 3, 11), iv("2 weeks"));
        assertEquals(java.time.DayOfWeek.MONDAY, start.getDayOfWeek());
        assertEquals(start, TimeRanges.floor(start.plusDays(13), iv("2 weeks")));
        assertEquals(start.plusWeeks(2), TimeRanges.floor(start.plusDays(14), iv("2 weeks")));
    }

    @Test
    void threeMonthsAreQuarters() {
        List<Bound.Range> b = bounds("3 months", TimeRanges.Kind.DATE, "2025-05-20", "2025-12-31", 1);
        assertEquals(List.of("p2025_04", "p2025_07", "p2025_10", "p2026_01", "p2026_04"),
                b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM ('2025-10-01') TO ('2026-01-01')", b.get(2).clause());
    }

    @Test
    void sixMonthsAreHalves() {
        assertEquals(LocalDate.of(2026, 7, 1), TimeRanges.floor(LocalDate.of(2026, 12, 31), iv("6 months")));
        assertEquals(LocalDate.of(2026, 1, 1), TimeRanges.floor(LocalDate.of(2026, 6, 30), iv("6 months")));
    }

    @Test
    void yearsAreNamedByYear() {
        List<Bound.Range> b = bounds("1 year", TimeRanges.Kind.TIMESTAMP, "2023-06-01", "2024-02-01", 2);
        assertEquals(List.of("p2023", "p2024", "p2025", "p2026", "p2027", "p2028"),
                b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM ('2023-01-01 00:00:00') TO ('2024-01-01 00:00:00')", b.get(0).clause());
        assertEquals(LocalDate.of(2020, 1, 1), TimeRanges.floor(LocalDate.of(2021, 5, 5), iv("5 years")));
    }

    @Test
    void emptyTableStartsAtTodayWithPremake() {
        List<Bound.Range> b = bounds("1 month", TimeRanges.Kind.TIMESTAMPTZ, null, null, 3);
        assertEquals(List.of("p2026_03", "p2026_04", "p2026_05", "p2026_06"), b.stream().map(Bound::suffix).toList());
        assertEquals(1, bounds("1 day", TimeRanges.Kind.DATE, null, null, 0).size());
    }

    @Test
    void boundsAreContiguous() {
        List<Bound.Range> b = bounds("1 week", TimeRanges.Kind.DATE, "2020-01-01", "2026-01-01", 5);
        for (int i = 1; i < b.size(); i++) {
            assertEquals(b.get(i - 1).to(), b.get(i).from());
        }
    }

    @Test
    void refusesBeforeBuildingTooManyPartitions() {
        PartitionLimit.Exceeded e = assertThrows(PartitionLimit.Exceeded.class, () -> TimeRanges.bounds(iv("1 day"),
                TimeRanges.Kind.DATE, Optional.of(LocalDate.of(1, 1, 1)), Optional.empty(), TODAY, 3, false, 1000));
        assertEquals(LocalDate.of(1, 1, 1).until(TODAY, java.time.temporal.ChronoUnit.DAYS) + 1 + 3, e.count);
    }

    @Test
    void withDefaultFarFutureRowsGoToDefaultInsteadOfNewPartitions() {
        List<Bound.Range> withDefault = TimeRanges.bounds(iv("1 month"), TimeRanges.Kind.TIMESTAMPTZ,
                Optional.of(TODAY.minusMonths(2)), Optional.of(LocalDate.of(2099, 6, 1)), TODAY, 3, true, 10_000);
        assertEquals(2 + 1 + 3, withDefault.size(), "two past months, this month, three premade");
        List<Bound.Range> without = TimeRanges.bounds(iv("1 month"), TimeRanges.Kind.TIMESTAMPTZ,
                Optional.of(TODAY.minusMonths(2)), Optional.of(LocalDate.of(2099, 6, 1)), TODAY, 3, false, 10_000);
        assertTrue(without.size() > 800, "without DEFAULT every row needs a partition: " + without.size());
    }
}
