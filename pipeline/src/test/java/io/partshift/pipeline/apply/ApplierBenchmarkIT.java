package io.partshift.pipeline.apply;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The applier's write rate on a monthly RANGE shadow of about 30 partitions whose source key (id) does not hold the
 * partition key, with a mix of 60% inserts (into the current month), 30% updates and 10% deletes of random rows.
 * By default a short smoke run; the measurement: {@code -Dpartshift.bench.events=200000
 * -Dpartshift.bench.batches=500,1000,2000,5000}.
 */
@ExtendWith(PostgresExtension.class)
class ApplierBenchmarkIT {
    private static final Logger LOG = LoggerFactory.getLogger(ApplierBenchmarkIT.class);
    private static final int SOURCE_ROWS = 300_000;
    private static final long FIRST = Instant.parse("2023-10-01T00:00:00Z").getEpochSecond();
    private static final long NOW = Instant.parse("2026-03-10T00:00:00Z").getEpochSecond();
    private static final long MONTH_START = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx")
            .withZone(ZoneOffset.UTC);

    @Test
    void mixedEventsIntoAMonthlyRangeShadow(TestDatabase db) throws Exception {
        int events = Integer.getInteger("partshift.bench.events", 20_000);
        int[] batches = Arrays.stream(System.getProperty("partshift.bench.batches", "2000").split(","))
                .mapToInt(b -> Integer.parseInt(b.trim())).toArray();
        for (int batch : batches) {
            run(db, events, batch);
        }
    }

    private void run(TestDatabase db, int count, int batchSize) throws Exception {
        db.execute("DROP TABLE IF EXISTS events_partshift, events CASCADE",
                "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, account_id int NOT NULL,"
                        + " kind text NOT NULL, payload jsonb, amount numeric(12,2), note text)",
                "INSERT INTO events SELECT g, to_timestamp(" + FIRST + " + floor((g::float8 / " + SOURCE_ROWS
                        + ") * (" + NOW + " - " + FIRST + "))), g % 1000, 'kind' || g % 7, jsonb_build_object('g', g, 'v', 'x'),"
                        + " (g % 10000) / 7.0, 'note ' || g FROM generate_series(1, " + SOURCE_ROWS + ") g",
                "ANALYZE events");
        ApplyFixture fx = new ApplyFixture(db);
        fx.createShadow(ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 0), true);
        db.execute("VACUUM ANALYZE events_partshift");
        long partitions = fx.longValue("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events_partshift'::regclass");

        Workload workload = new Workload(count);
        try (ShadowApplier applier = fx.applier()) {
            applier.apply(workload.events.subList(0, Math.min(batchSize, count))); // connect and prepare
            long start = System.nanoTime();
            for (int i = batchSize; i < count; i += batchSize) {
                applier.apply(workload.events.subList(i, Math.min(count, i + batchSize)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = (count - Math.min(batchSize, count)) / seconds;
            String result = String.format("applier benchmark: %d events (60%% insert, 30%% update, 10%% delete) into"
                            + " %d partitions, batches of %d: %.1f s, %.0f events/s; %s", count, partitions,
                    batchSize, seconds, rate, applier.totals());
            LOG.info(result);
            System.out.println(result);
            assertEquals(0, applier.inOrderBatches());
            assertEquals(0, applier.retries());
        }
        assertEquals(workload.live, fx.longValue("SELECT count(*) FROM events_partshift"));
        assertTrue(partitions >= 30, "partitions: " + partitions);
    }

    /** The events, made up front so that only applying is timed. */
    private static final class Workload {
        final List<ChangeEvent> events = new ArrayList<>();
        final long[] ids;
        final long[] createdAt;
        int live = SOURCE_ROWS;

        Workload(int count) {
            SplittableRandom random = new SplittableRandom(42);
            ids = new long[SOURCE_ROWS + count];
            createdAt = new long[SOURCE_ROWS + count + 1];
            for (int g = 1; g <= SOURCE_ROWS; g++) {
                ids[g - 1] = g;
                createdAt[g] = FIRST + (long) ((double) g / SOURCE_ROWS * (NOW - FIRST));
            }
            long nextId = SOURCE_ROWS + 1;
            long lsn = 1;
            Instant time = Instant.now();
            for (int i = 0; i < count; i++) {
                int dice = random.nextInt(100);
                if (dice < 60) {
                    long id = nextId++;
                    createdAt[(int) id] = MONTH_START + random.nextLong(NOW - MONTH_START);
                    ids[live++] = id;
                    events.add(ChangeEvent.upsert(List.of(Long.toString(id)), row(id, random), lsn++, time));
                } else if (dice < 90) {
                    long id = ids[random.nextInt(live)];
                    events.add(ChangeEvent.upsert(List.of(Long.toString(id)), row(id, random), lsn++, time));
                } else {
                    int at = random.nextInt(live);
                    long id = ids[at];
                    ids[at] = ids[--live];
                    events.add(ChangeEvent.delete(List.of(Long.toString(id)), lsn++, time));
                }
            }
        }

        private Map<String, String> row(long id, SplittableRandom random) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", Long.toString(id));
            row.put("created_at", TEXT.format(Instant.ofEpochSecond(createdAt[(int) id])));
            row.put("account_id", Integer.toString(random.nextInt(1000)));
            row.put("kind", "kind" + random.nextInt(7));
            row.put("payload", "{\"g\": " + id + ", \"v\": \"" + random.nextInt() + "\"}");
            row.put("amount", random.nextInt(100_000) + "." + random.nextInt(10) + random.nextInt(10));
            row.put("note", random.nextInt(10) == 0 ? null : "note " + random.nextLong());
            return row;
        }
    }
}
