package io.partshift.partitioning.preflight;

import io.partshift.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreflightReportTest {
    private static final CheckResult OK = CheckResult.ok("wal-level", "wal_level = logical");
    private static final CheckResult WARN = CheckResult.warn("dependent-views", "view public.v reads public.t");
    private static final CheckResult SKIP = CheckResult.skipped("has-primary-key", "needs the table");
    private static final CheckResult FAIL_1 = CheckResult.fail("table-exists", "Table public.t does not exist: fix it.");
    private static final CheckResult FAIL_2 = CheckResult.fail("leftovers", "a slot is left: drop it.");
    private static final CheckResult FAIL_3 = CheckResult.fail("privileges", "role x lacks y: grant it;");

    @Test
    void passesWithWarningsAndSkipsButNoFailures() {
        PreflightReport report = new PreflightReport(List.of(OK, WARN, SKIP));

        assertTrue(report.passed());
        assertEquals(List.of(WARN), report.warnings());
        assertEquals(List.of(), report.failures());
        report.throwIfFailed();
    }

    @Test
    void throwsTheOnlyFailureAsItIs() {
        PreflightReport report = new PreflightReport(List.of(OK, FAIL_1, WARN));

        assertFalse(report.passed());
        BadInputException e = assertThrows(BadInputException.class, report::throwIfFailed);
        assertEquals("Table public.t does not exist: fix it.", e.getMessage());
    }

    @Test
    void countsTheOtherFailuresInsideTheFirstSentence() {
        assertEquals("Table public.t does not exist: fix it (and 1 more problem).", assertThrows(BadInputException.class,
                new PreflightReport(List.of(FAIL_1, FAIL_2))::throwIfFailed).getMessage());
        assertEquals("Table public.t does not exist: fix it (and 2 more problems).", assertThrows(BadInputException.class,
                new PreflightReport(List.of(FAIL_1, OK, FAIL_2, FAIL_3))::throwIfFailed).getMessage());
        assertEquals("role x lacks y: grant it; (and 1 more problem).", assertThrows(BadInputException.class,
                new PreflightReport(List.of(FAIL_3, FAIL_1))::throwIfFailed).getMessage());
    }

    @Test
    void rendersOneAlignedLinePerCheck() {
        String text = new PreflightReport(List.of(OK, WARN, SKIP, FAIL_1)).text();

        assertEquals(List.of(
                "ok    wal-level        wal_level = logical",
                "warn  dependent-views  view public.v reads public.t",
                "skip  has-primary-key  needs the table",
                "FAIL  table-exists     Table public.t does not exist: fix it."), text.lines().toList());
    }

    @Test
    void findsAResultByCheckName() {
        PreflightReport report = new PreflightReport(List.of(OK, WARN));

        assertEquals(WARN, report.result("dependent-views"));
        assertThrows(IllegalArgumentException.class, () -> report.result("nope"));
    }
}
