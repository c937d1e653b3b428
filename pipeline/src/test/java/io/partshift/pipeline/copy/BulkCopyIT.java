package io.partshift.pipeline.copy;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Whole copies of different primary keys on a real PostgreSQL: the shadow ends equal to the source, row for row. */
@ExtendWith(PostgresExtension.class)
class BulkCopyIT {

    /** bigint ids with gaps and negatives, an ALWAYS identity, a generated column and NULLs. */
    static void createItems(TestDatabase db, int rows) throws SQLException {
        db.execute("CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, grp int NOT NULL,"
                        + " amount numeric(10,2), doubled numeric GENERATED ALWAYS AS (amount * 2) STORED, note text)",
                "INSERT INTO items (id, grp, amount, note) OVERRIDING SYSTEM VALUE SELECT g * 7 - 3000, g % 5,"
                        + " round(g / 3.0, 2), CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' || g END"
                        + " FROM generate_series(1, " + rows + ") g");
    }

    @Test
    void bigintKeyWithGapsIdentityAndGeneratedColumns(TestDatabase db) throws Exception {
        createItems(db, 2000);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        CopySnapshot done = f.copy(1, 150);
        f.assertSameRows();
        assertEquals(2000, f.chunkedRows());
        assertEquals(14, done.chunksDone(), "13 chunks of 150 rows and an open-ended one of 50");
        assertEquals(CopySnapshot.State.DONE, done.state());
        assertEquals(2000, done.copiedRows());
        assertEquals(2000, done.estimatedRows());
        assertTrue(done.rowsPerSecond() > 0, "rows/s over the last seconds");
        assertEquals(List.of(new CopySnapshot.Stripe(0, Optional.empty(), Optional.empty(), Optional.empty(), 14,
                2000, true)), done.stripes());
        assertEquals(List.of("true"), f.strings("SELECT bool_and(doubled = amount * 2 OR amount IS NULL)::text FROM "
                + f.shadow.sql()), "the shadow computed its generated column");
    }

    @Test
    void compositeIntTextKeyInThreeStripes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE pairs (a int, b text, v text, PRIMARY KEY (a, b))",
                "INSERT INTO pairs SELECT g % 37 - 10, CASE WHEN g % 2 = 0 THEN upper(md5(g::text)) ELSE md5(g::text) END,"
                        + " 'v' || g FROM generate_series(1, 3000) g");
        CopyFixture f = new CopyFixture(db, "public.pairs").prepare(CopyFixture.hash("a", 4));
        CopySnapshot done = f.copy(3, 100);
        f.assertSameRows();
        assertEquals(3000, f.chunkedRows());
        assertEquals(3, done.stripes().size());
        assertTrue(done.stripes().stream().allMatch(s -> s.copiedRows() > 500), "stripes of about equal rows: "
                + done.stripes());
    }

    @Test
    void textKeyUnderALinguisticCollation(TestDatabase db) throws Exception {
        String icu = CopyFixture.icuCollation(db);
        assumeTrue(icu != null, "this PostgreSQL has no ICU collations");
        db.execute("CREATE TABLE words (w text COLLATE \"" + icu + "\" PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO words VALUES ('a', 1), ('B', 2), ('c', 3), ('D', 4), ('é', 5), ('e', 6), ('Z', 7)",
                "INSERT INTO words SELECT (CASE g % 3 WHEN 0 THEN upper(x) WHEN 1 THEN lower(x) ELSE initcap(x) END)"
                        + " || g, g FROM (SELECT g, substr(md5(g::text), 1, 6) AS x FROM generate_series(1, 2500) g) s");
        CopyFixture f = new CopyFixture(db, "public.words").prepare(CopyFixture.hash("w", 3));
        f.copy(2, 97);
        f.assertSameRows();
        // Chunks were cut in the collation's order: each holds exactly the rows between its bounds in that order.
        String chunks = CopyFixture.STATE.chunks();
        assertEquals(0, f.value("SELECT count(*) FROM " + chunks + " c WHERE c.chunk > 0 AND c.rows <> (SELECT count(*)"
                + " FROM words w WHERE (c.lower_key IS NULL OR w.w >= c.lower_key[1]) AND (c.upper_key IS NULL"
                + " OR w.w < c.upper_key[1]))"));
        assertEquals(0, f.value("SELECT count(*) FROM " + chunks + " c WHERE c.lower_key[1] COLLATE \"" + icu
                + "\" >= c.upper_key[1]"));
        assertTrue(f.value("SELECT count(*) FROM " + chunks + " c WHERE c.lower_key[1] COLLATE \"C\" >= c.upper_key[1]")
                > 0, "some chunk bounds are out of order under \"C\", so C order would have cut other chunks");
    }

    @Test
    void uuidKeyIntoMonthlyRanges(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE tokens (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL,"
                        + " v int)",
                "INSERT INTO tokens (created_at, v) SELECT timestamptz '2026-01-01 00:00+00' + g * interval '37 minutes',"
                        + " g FROM generate_series(1, 3000) g",
                "INSERT INTO tokens VALUES ('80000000-0000-0000-0000-000000000000', '2026-02-01', -1),"
                        + " ('7fffffff-ffff-ffff-ffff-ffffffffffff', '2026-02-01', -2)");
        CopyFixture f = new CopyFixture(db, "public.tokens").prepare(CopyFixture.range("created_at", "1 month"));
        CopySnapshot done = f.copy(3, 200);
        f.assertSameRows();
        assertEquals(3002, done.copiedRows());
        assertEquals(3, done.stripes().size());
    }

    @Test
    void emptyTableIsOneEmptyChunk(TestDatabase db) throws Exception {
        createItems(db, 0);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        CopySnapshot done = f.copy(3, 100);
        assertEquals(CopySnapshot.State.DONE, done.state());
        assertEquals(1, done.stripes().size(), "nothing to split");
        assertEquals(1, done.chunksDone());
        assertEquals(0, f.value("SELECT count(*) FROM " + f.shadow.sql()));
    }

    @Test
    void singleRow(TestDatabase db) throws Exception {
        createItems(db, 1);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        CopySnapshot done = f.copy(3, 100);
        f.assertSameRows();
        assertEquals(1, done.copiedRows());
        assertEquals(1, done.chunksDone());
    }

    @Test
    void threeStripesCopyWhatOneDoes(TestDatabase db) throws Exception {
        createItems(db, 5000);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        String digest = "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM ";
        String source = f.strings(digest + "items t").get(0);
        CopySnapshot parallel = f.copy(3, 300);
        assertEquals(3, parallel.stripes().size());
        assertEquals(3, f.value("SELECT count(*) FROM " + CopyFixture.STATE.chunks() + " WHERE chunk = 0"),
                "the stripes are persisted as chunk 0 rows");
        assertEquals(source, f.strings(digest + f.shadow.sql() + " t").get(0));
        f.reset();
        CopySnapshot serial = f.copy(1, 300);
        assertEquals(1, serial.stripes().size());
        assertEquals(source, f.strings(digest + f.shadow.sql() + " t").get(0));
        f.assertSameRows();
    }

    @Test
    void rowsWrittenBeyondTheLargestKeyDuringTheCopyAreCopied(TestDatabase db) throws Exception {
        createItems(db, 1000); // ids -2993 .. 4000
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        try (CopyProgress progress = f.load()) {
            f.copier(progress, 1, 100, (stripe, chunk, range, rows) -> {
                if (chunk == 1) {
                    try {
                        db.execute("INSERT INTO items (id, grp, amount, note) OVERRIDING SYSTEM VALUE"
                                        + " SELECT 100000 + g, g % 5, g, 'late' FROM generate_series(1, 450) g",
                                "UPDATE items SET note = 'changed' WHERE id BETWEEN 1000 AND 1100",
                                "DELETE FROM items WHERE id BETWEEN 2000 AND 2100");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }).run();
            assertEquals(15, progress.snapshot().chunksDone(), "(1000 - 15 deleted + 450 rows) / 100, then the rest");
        }
        f.assertSameRows();
        assertEquals(450, f.value("SELECT count(*) FROM " + f.shadow.sql() + " WHERE note = 'late'"));
    }

    @Test
    void aThrottlePausesTheCopyBeforeItsNextChunk(TestDatabase db) throws Exception {
        createItems(db, 500);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        AtomicBoolean paused = new AtomicBoolean(true);
        CopyThrottle throttle = () -> paused.get() ? Optional.of("lag 45000ms above --max-lag 30000ms")
                : Optional.empty();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (CopyProgress progress = f.load()) {
            BulkCopier copier = new BulkCopier(f.ds, progress, f.shadow, CopyFixture.copySpec(2), throttle,
                    () -> ChunkSizer.fixed(100), StripeCopy.ChunkListener.NONE);
            Future<?> copy = thread.submit(() -> {
                copier.run();
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.snapshot().throttle()
                    .equals("lag 45000ms above --max-lag 30000ms"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> progress.snapshot().chunksDone() == 0);
            paused.set(false);
            copy.get(10, TimeUnit.SECONDS);
            assertEquals("none", progress.snapshot().throttle());
            assertEquals(CopySnapshot.State.DONE, progress.snapshot().state());
        } finally {
            thread.shutdownNow();
        }
        f.assertSameRows();
    }
}
