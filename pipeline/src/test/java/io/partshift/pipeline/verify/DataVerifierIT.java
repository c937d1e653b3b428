package io.partshift.pipeline.verify;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier against real tables: equal ones, every kind of difference, key types, a repair that cannot work. */
@ExtendWith(PostgresExtension.class)
class DataVerifierIT {
    /** Written with random characters so that TOAST stores it out of line, compressed or not. */
    private static final String BIG = "(SELECT string_agg(md5(random()::text || g || i), '') FROM generate_series(1, 400) i)";

    /**
     * (No column may be called t: RowComparison's {@code t::text} would then compare that column, not the row.)
     * 1000 rows with ids 1..1000 (identity ALWAYS), so chunks of 100 are (-inf, 101), [101, 201) ... [901, +inf); every
     * kind of value the row text must tell apart, and a generated column.
     */
    private static VerifyFixture things(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n numeric, label text,"
                        + " big text, j jsonb, iv interval, ts timestamptz,"
                        + " doubled numeric GENERATED ALWAYS AS (n * 2) STORED)",
                "INSERT INTO things (n, label, big, j, iv, ts) SELECT g * 1.10,"
                        + " CASE WHEN g % 7 = 0 THEN NULL ELSE 't' || g END,"
                        + " CASE WHEN g % 50 = 0 THEN " + BIG + " ELSE 'small' END,"
                        + " jsonb_build_object('g', g, 'p', 1.10), (g % 40) * interval '1 day',"
                        + " timestamptz '2026-01-01 00:00+00' + g * interval '1 hour'"
                        + " FROM generate_series(1, 1000) g");
        return new VerifyFixture(db, "public.things").withShadow(VerifyFixture.hash("id", 4), false);
    }

    @Test
    void equalTablesVerifyEqual(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 20_000);
        }
        VerifyFixture f = new VerifyFixture(db, "public.events").withShadow(VerifyFixture.range("created_at", "1 month"),
                true);
        VerificationReport report = f.verify(3000);
        assertTrue(report.equal(), report.toString());
        assertEquals(20_000, report.sourceRows());
        assertEquals(20_000, report.shadowRows());
        assertEquals(7, report.chunks(), "6 full chunks of 3000 and the open-ended rest");
        assertTrue(report.differed().isEmpty() && report.repaired().isEmpty());
        assertTrue(report.lines().get(0).startsWith("verified public.events against public.events_partshift: 20000"
                + " source rows and 20000 shadow rows in 7 chunks, equal, in "), report.lines().get(0));
    }

    static Stream<Arguments> tamperings() {
        String shadow = "things_partshift";
        return Stream.of(
                Arguments.of("a row missing in the shadow", "DELETE FROM " + shadow + " WHERE id = 150",
                        "id in [101, 201): source 100 rows, shadow 99 rows"),
                Arguments.of("an extra row in the shadow", "DELETE FROM things WHERE id = 350",
                        "id in [301, 402): source 100 rows, shadow 101 rows"),
                Arguments.of("an extra row past the source's last key", "INSERT INTO " + shadow
                                + " (id, label) OVERRIDING SYSTEM VALUE VALUES (5000, 'extra')",
                        "id in [901, +inf): source 100 rows, shadow 101 rows"),
                Arguments.of("an extra row below the source's first key", "INSERT INTO " + shadow
                                + " (id, label) OVERRIDING SYSTEM VALUE VALUES (-5, 'extra')",
                        "id in (-inf, 101): source 100 rows, shadow 101 rows"),
                Arguments.of("a changed value", "UPDATE " + shadow + " SET label = 'changed' WHERE id = 555",
                        "id in [501, 601): source 100 rows, shadow 100 rows (same count, different contents)"),
                Arguments.of("numeric 1.1 for 1.10", "UPDATE " + shadow + " SET n = 1.1 WHERE id = 1",
                        "id in (-inf, 101): source 100 rows, shadow 100 rows (same count, different contents)"),
                Arguments.of("'' for NULL", "UPDATE " + shadow + " SET label = '' WHERE id = 707",
                        "id in [701, 801): source 100 rows, shadow 100 rows (same count, different contents)"),
                Arguments.of("one character of a TOASTed value", "UPDATE " + shadow
                                + " SET big = overlay(big placing 'X' from 5000 for 1) WHERE id = 850",
                        "id in [801, 901): source 100 rows, shadow 100 rows (same count, different contents)"),
                Arguments.of("jsonb 1.1 for 1.10 (equal by =)", "UPDATE " + shadow
                                + " SET j = jsonb_set(j, '{p}', '1.1') WHERE id = 222",
                        "id in [201, 301): source 100 rows, shadow 100 rows (same count, different contents)"),
                Arguments.of("a jsonb key added", "UPDATE " + shadow + " SET j = j || '{\"x\": 1}' WHERE id = 333",
                        "id in [301, 401): source 100 rows, shadow 100 rows (same count, different contents)"),
                Arguments.of("interval '1 mon' for '30 days' (equal by =)", "UPDATE " + shadow
                                + " SET iv = '1 mon' WHERE id = 430",
                        "id in [401, 501): source 100 rows, shadow 100 rows (same count, different contents)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void eachDifferenceIsFoundInItsRangeAndRepaired(String what, String tamper, String expected, TestDatabase db)
            throws Exception {
        VerifyFixture f = things(db);
        assertTrue(f.value("SELECT pg_column_size(big) FROM things WHERE id = 850") > 2100, "TOASTed out of line");
        assertEquals(1, f.value("SELECT count(*) FROM things WHERE id = 1 AND n::text = '1.10'"));
        assertEquals(1, f.value("SELECT count(*) FROM things WHERE id = 707 AND label IS NULL"));
        assertEquals(1, f.value("SELECT count(*) FROM things WHERE id = 430 AND iv = '30 days'"));
        db.execute(tamper);
        assertFalse(f.rows().equal(), "the tampering changed the shadow's rows: " + what);

        VerificationReport compared = f.compare(100);
        assertFalse(compared.equal());
        assertEquals(List.of(expected), compared.differed().stream().map(RangeDiff::toString).toList(), what);
        assertEquals(compared.differed(), compared.stillDiffering(), "compare alone repairs nothing");
        assertFalse(f.rows().equal());

        VerificationReport verified = f.verify(100);
        assertTrue(verified.equal(), verified.toString());
        assertEquals(List.of(expected), verified.repaired().stream().map(RangeDiff::toString).toList());
        assertTrue(f.rows().equal(), "repaired row for row: " + f.rows());
        assertTrue(f.verify(100).differed().isEmpty(), "a second verification finds nothing");
        assertTrue(verified.lines().get(1).startsWith("differed, repaired: " + expected), verified.toString());
    }

    @Test
    void compositeKeysAreWalkedAndRepairedInKeyOrder(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE pairs (a int, b text, v text, PRIMARY KEY (a, b))",
                "INSERT INTO pairs SELECT g / 10, 'b' || (g % 10), 'v' || g FROM generate_series(0, 999) g");
        VerifyFixture f = new VerifyFixture(db, "public.pairs").withShadow(VerifyFixture.hash("a", 3), false);
        assertTrue(f.verify(64).equal());
        db.execute("UPDATE pairs_partshift SET v = 'changed' WHERE a = 50 AND b = 'b3'",
                "DELETE FROM pairs_partshift WHERE a = 99 AND b = 'b9'");
        VerificationReport report = f.verify(64);
        assertTrue(report.equal(), report.toString());
        List<String> ranges = report.repaired().stream().map(RangeDiff::range).toList();
        assertEquals(2, ranges.size(), report.toString());
        // chunk 8 holds rows 448..511 in key order: a = 44 .. 51 (b sorts 'b0'..'b9' within a)
        assertEquals("(a, b) in [(44, 'b8'), (51, 'b2'))", ranges.get(0));
        assertEquals("(a, b) in [(96, 'b0'), +inf)", ranges.get(1), "15 chunks of 64, then the open-ended rest");
        assertTrue(f.rows().equal());
    }

    @Test
    void textKeysFollowTheirCollationsOrder(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE words (w text PRIMARY KEY, n int)",
                "INSERT INTO words SELECT CASE WHEN g % 2 = 0 THEN 'Word ' ELSE 'word ' END || g, g"
                        + " FROM generate_series(1, 800) g");
        VerifyFixture f = new VerifyFixture(db, "public.words").withShadow(VerifyFixture.hash("w", 4), false);
        db.execute("UPDATE words_partshift SET n = -1 WHERE w = 'word 401'",
                "INSERT INTO words_partshift VALUES ('zzz only in the shadow', 0)");
        VerificationReport report = f.verify(50);
        assertTrue(report.equal(), report.toString());
        assertEquals(2, report.repaired().size(), report.toString());
        assertTrue(report.repaired().get(1).range().endsWith(", +inf)"), report.toString());
        assertTrue(f.rows().equal());
    }

    @Test
    void uuidKeys(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE tokens (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner int)",
                "INSERT INTO tokens (owner) SELECT g FROM generate_series(1, 900) g");
        VerifyFixture f = new VerifyFixture(db, "public.tokens").withShadow(VerifyFixture.hash("id", 4), false);
        assertTrue(f.verify(100).equal());
        db.execute("DELETE FROM tokens_partshift WHERE owner = 17",
                "UPDATE tokens_partshift SET owner = -owner WHERE owner = 600");
        VerificationReport report = f.verify(100);
        assertTrue(report.equal(), report.toString());
        assertTrue(report.repaired().size() >= 1 && report.repaired().size() <= 2, report.toString());
        assertTrue(report.repaired().get(0).range().matches("id in [\\[(].*'[0-9a-f-]{36}'.*"), report.toString());
        assertTrue(f.rows().equal());
    }

    /** A source row no shadow partition accepts (and no DEFAULT): the range cannot be repaired and no cutover follows. */
    @Test
    void aRangeThatCannotBeRepairedStaysDifferingAndTheReportSaysWhy(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 2_000);
        }
        VerifyFixture f = new VerifyFixture(db, "public.events").withShadow(VerifyFixture.range("created_at", "1 month"),
                false);
        db.execute("UPDATE events SET created_at = '2100-01-01' WHERE id = 1500",
                "UPDATE events_partshift SET note = 'repairable' WHERE id = 10");
        VerificationReport report = f.verify(500);
        assertFalse(report.equal(), report.toString());
        assertEquals(2, report.differed().size(), report.toString());
        assertEquals(List.of("id in (-inf, 501)"), report.repaired().stream().map(RangeDiff::range).toList());
        assertEquals(1, report.stillDiffering().size());
        RangeDiff still = report.stillDiffering().get(0);
        assertEquals("id in [1001, 1501)", still.range());
        assertTrue(still.problem().orElseThrow().startsWith("repair failed: could not re-copy"), still.toString());
        assertTrue(still.problem().get().contains("no partition of relation"), still.toString());
        assertTrue(report.lines().get(0).contains("NOT EQUAL: 1 range still differs (2 differed, 1 repaired), so no"
                + " cutover"), report.lines().get(0));
        assertTrue(report.lines().get(1).startsWith("still differs: id in [1001, 1501): source 500 rows, shadow 500"
                + " rows (same count, different contents); repair failed: "), report.toString());
        assertEquals(1, f.value("SELECT count(*) FROM events_partshift WHERE id = 1500"),
                "the failed repair rolled back: the range's old rows are still there");
    }
}
