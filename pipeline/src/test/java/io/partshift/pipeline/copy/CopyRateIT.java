package io.partshift.pipeline.copy;

import io.partshift.config.CopySpec;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The copier's rate against a raw {@code INSERT INTO shadow SELECT * FROM source} of the same table: the demo's events
 * table (default 1M rows) into a monthly RANGE shadow. Minutes long, so only with {@code -Dpartshift.copyBench=true}
 * (rows: {@code -Dpartshift.copyBench.rows=N}).
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "partshift.copyBench", matches = "true")
class CopyRateIT {
    private static final Logger log = LoggerFactory.getLogger(CopyRateIT.class);

    @Test
    void copierKeepsUpWithARawInsertSelect(TestDatabase db) throws Exception {
        int rows = Integer.getInteger("partshift.copyBench.rows", 1_000_000);
        try (Connection c = db.connect()) {
            EventsTable.create(c, rows);
        }
        db.execute("VACUUM ANALYZE events");
        CopyFixture f = new CopyFixture(db, "public.events").prepare(CopyFixture.range("created_at", "1 month"));
        int rounds = Integer.getInteger("partshift.copyBench.rounds", 3);
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // Interleaved, so a busy neighbour on the machine slows every kind of run alike.
            for (String run : List.of("raw", "copier x1", "copier x2")) {
                f.reset();
                db.execute("CHECKPOINT");
                long start = System.nanoTime();
                if (run.equals("raw")) {
                    db.execute("INSERT INTO " + f.shadow.sql() + " SELECT * FROM events");
                } else {
                    int parallelism = run.endsWith("x2") ? 2 : 1;
                    try (CopyProgress progress = f.load()) {
                        new BulkCopier(f.ds, progress, f.shadow, new CopySpec(10_000, Duration.ofMillis(500),
                                parallelism, Duration.ofSeconds(30)), CopyThrottle.NONE).run();
                    }
                }
                double s = (System.nanoTime() - start) / 1e9;
                assertEquals(rows, f.value("SELECT count(*) FROM " + f.shadow.sql()));
                seconds.computeIfAbsent(run, k -> new ArrayList<>()).add(s);
                String detail = run.equals("raw") ? "" : String.format(Locale.ROOT, " (%d chunks, INSERTs %.2f s)",
                        f.value("SELECT count(*) FROM " + CopyFixture.STATE.chunks() + " WHERE chunk > 0"),
                        f.value("SELECT sum(millis) FROM " + CopyFixture.STATE.chunks()) / 1000.0);
                runs.add(String.format(Locale.ROOT, "round %d %-10s %6.2f s %8.0f rows/s%s", round + 1, run, s,
                        rows / s, detail));
            }
        }
        double raw = best(seconds.get("raw"));
        List<String> results = new ArrayList<>(runs);
        seconds.forEach((run, s) -> results.add(String.format(Locale.ROOT, "best %-10s %6.2f s %8.0f rows/s %.2fx raw",
                run, best(s), rows / best(s), raw / best(s))));
        f.assertSameRows();
        log.info("copy rates for {} rows:\n{}", rows, String.join("\n", results));
    }

    private static double best(List<Double> seconds) {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
