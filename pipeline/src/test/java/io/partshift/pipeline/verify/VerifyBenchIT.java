package io.partshift.pipeline.verify;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.pipeline.copy.KeyColumns;
import io.partshift.pipeline.copy.KeyRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A one-off measurement, not a test: verification of a 1M-row events table (monthly partitions + DEFAULT) against a
 * plain {@code count(*)} of both tables. Run with
 * {@code -Dit.test=VerifyBenchIT -Dpartshift.verifyBench=true}; prints its numbers, asserts only that they are equal.
 */
@ExtendWith(PostgresExtension.class)
class VerifyBenchIT {
    private static final int ROWS = Integer.getInteger("partshift.verifyBench.rows", 1_000_000);

    @Test
    void verificationOfAMillionRowsAgainstACount(TestDatabase db) throws Exception {
        assumeTrue(Boolean.getBoolean("partshift.verifyBench"), "set -Dpartshift.verifyBench=true to measure");
        long t0 = System.nanoTime();
        try (Connection c = db.connect()) {
            EventsTable.create(c, ROWS);
        }
        VerifyFixture f = new VerifyFixture(db, "public.events").withShadow(VerifyFixture.range("created_at", "1 month"),
                true);
        db.execute("VACUUM ANALYZE events", "VACUUM ANALYZE events_partshift");
        System.out.printf("[VerifyBenchIT] %d rows, source and shadow built in %.1f s, partitions: %d%n", ROWS,
                seconds(t0), f.value("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events_partshift'::regclass"));

        for (int round = 1; round <= 2; round++) {
            long c0 = System.nanoTime();
            f.value("SELECT count(*) FROM events");
            double source = seconds(c0);
            long c1 = System.nanoTime();
            f.value("SELECT count(*) FROM events_partshift");
            double shadow = seconds(c1);
            System.out.printf("[VerifyBenchIT] round %d: count(*) source %.2f s + shadow %.2f s = %.2f s%n", round,
                    source, shadow, source + shadow);
        }
        for (int chunkRows : new int[]{10_000, 50_000, 10_000, 50_000}) {
            long v0 = System.nanoTime();
            VerificationReport report = f.compare(chunkRows);
            System.out.printf("[VerifyBenchIT] verification in chunks of %d: %.2f s (%s)%n", chunkRows, seconds(v0),
                    report.lines().get(0));
            assertTrue(report.equal(), report.toString());
        }
        try (Connection c = db.connect()) {
            RangeChecksums sums = new RangeChecksums(KeyColumns.read(c, f.table), f.source, f.shadow);
            String row = "ROW(" + String.join(", ", f.source.columns().stream().map(col -> "s." + col.name()).toList())
                    + ")::text";
            String binary = "record_send(ROW(" + String.join(", ", f.source.columns().stream()
                    .map(col -> "s." + col.name()).toList()) + "))";
            for (String[] variant : new String[][]{{"hashtextextended of row text (used)", sums.hash()},
                    {"md5 of row text, first 64 bits", "('x' || left(md5(" + row + "), 16))::bit(64)::bigint"},
                    {"row text length only", "length(" + row + ")"},
                    {"md5 of binary row", "('x' || left(md5(" + binary + "), 16))::bit(64)::bigint"},
                    {"hashtextextended of binary row", "hashtextextended(encode(" + binary + ", 'escape'), 0)"},
                    {"nothing (count)", "1"}}) {
                long h0 = System.nanoTime();
                f.value("SELECT length(sum(" + variant[1] + ")::text) FROM events s");
                System.out.printf("[VerifyBenchIT] one pass over the source summing %s: %.2f s%n", variant[0],
                        seconds(h0));
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sums.chunkSql(new KeyRange(List.of("1"), null),
                    10_000))) {
                sums.key().bind(ps, 1, new KeyRange(List.of("1"), null));
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append("\n  ").append(rs.getString(1));
                    }
                }
                System.out.println("[VerifyBenchIT] plan of a source chunk:" + plan);
                assertTrue(!plan.toString().contains("Sort"), "the chunk walks the primary-key index: " + plan);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN SELECT count(*),"
                    + " sum(" + sums.hash() + ") FROM events_partshift s WHERE (s.id) >= (1) AND (s.id) < (10001)")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append("\n  ").append(rs.getString(1));
                }
                System.out.println("[VerifyBenchIT] plan of a shadow range:" + plan);
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
