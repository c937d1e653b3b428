package io.partshift.pipeline.verify;

import io.partshift.config.TableRef;
import io.partshift.pipeline.copy.KeyRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationReportTest {
    private static final TableRef EVENTS = new TableRef("public", "events");
    private static final TableRef SHADOW = new TableRef("public", "events_partshift");

    private static RangeDiff diff(long lower, long upper, long source, long shadow) {
        KeyRange range = new KeyRange(List.of(Long.toString(lower)), List.of(Long.toString(upper)));
        return new RangeDiff(RangeDiff.render(List.of("id"), range), range, source, shadow, Optional.empty());
    }

    @Test
    void rangesPrintHalfOpenWithInfiniteEndsAndQuotedText() {
        assertEquals("id in [1000, 2000)", RangeDiff.render(List.of("id"),
                new KeyRange(List.of("1000"), List.of("2000"))));
        assertEquals("id in (-inf, 1000)", RangeDiff.render(List.of("id"), new KeyRange(null, List.of("1000"))));
        assertEquals("id in [-7.5, +inf)", RangeDiff.render(List.of("id"), new KeyRange(List.of("-7.5"), null)));
        assertEquals("id in (-inf, +inf)", RangeDiff.render(List.of("id"), KeyRange.ALL));
        assertEquals("(a, b) in [(1, 'it''s'), (2, '2026-01-01 00:00:00+00'))", RangeDiff.render(List.of("a", "b"),
                new KeyRange(List.of("1", "it's"), List.of("2", "2026-01-01 00:00:00+00"))));
    }

    @Test
    void anEqualReportIsOneLine() {
        VerificationReport report = new VerificationReport(EVENTS, SHADOW, 1_000_000, 1_000_000, 100, List.of(),
                List.of(), List.of(), Duration.ofMillis(5230));
        assertTrue(report.equal());
        assertEquals(List.of("verified public.events against public.events_partshift: 1000000 source rows and 1000000"
                + " shadow rows in 100 chunks, equal, in 5.2 s"), report.lines());
    }

    @Test
    void aReportWithRangesThatStillDifferSaysThereIsNoCutoverAndListsThem() {
        RangeDiff repaired = diff(0, 1000, 1000, 999);
        RangeDiff failed = diff(1000, 2000, 1000, 1000).withProblem("repair failed: no partition for the row");
        VerificationReport report = new VerificationReport(EVENTS, SHADOW, 5000, 4999, 5, List.of(repaired, failed),
                List.of(repaired), List.of(failed), Duration.ofMillis(900));
        assertFalse(report.equal());
        assertEquals(List.of("verified public.events against public.events_partshift: 5000 source rows and 4999 shadow"
                        + " rows in 5 chunks, NOT EQUAL: 1 range still differs (2 differed, 1 repaired), so no cutover,"
                        + " in 0.9 s",
                "still differs: id in [1000, 2000): source 1000 rows, shadow 1000 rows (same count, different"
                        + " contents); repair failed: no partition for the row",
                "differed, repaired: id in [0, 1000): source 1000 rows, shadow 999 rows"), report.lines());
    }

    @Test
    void longListsAreCut() {
        List<RangeDiff> many = IntStream.range(0, 30).mapToObj(i -> diff(i * 10L, i * 10L + 10, 10, 9)).toList();
        VerificationReport report = new VerificationReport(EVENTS, SHADOW, 300, 270, 30, many, List.of(), many,
                Duration.ofSeconds(1));
        assertEquals(1 + VerificationReport.LISTED + 1, report.lines().size());
        assertEquals("... and 10 more ranges that still differ", report.lines().get(report.lines().size() - 1));
    }
}
