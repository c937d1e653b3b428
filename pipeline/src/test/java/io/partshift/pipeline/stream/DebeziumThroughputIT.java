package io.partshift.pipeline.stream;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How fast the source delivers with a handler that only counts: 200k single-row inserts (in transactions of 1,000),
 * committed before the source starts so that the stream, not the writer, is the bottleneck. Measured cold (first
 * source in the JVM) and warm (a second source on the next 200k). Logged, not asserted: it depends on the machine.
 */
@ExtendWith(PostgresExtension.class)
class DebeziumThroughputIT {
    private static final Logger log = LoggerFactory.getLogger(DebeziumThroughputIT.class);
    private static final int ROWS = 200_000;

    @Test
    void countsTwoHundredThousandInserts(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, account int NOT NULL, kind text NOT NULL,"
                + " amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now())");
        StreamFixture f = new StreamFixture(db, "events").setUp();
        int batchSize = Integer.getInteger("partshift.throughput.batch", 2048);
        DebeziumChangeSource.Settings settings = DebeziumChangeSource.Settings.defaults().withMaxBatchSize(batchSize);
        for (String round : new String[] {"cold", "warm"}) {
            long firstId = round.equals("cold") ? 1 : ROWS + 1;
            insert(db, firstId, ROWS);
            AtomicLong count = new AtomicLong();
            AtomicLong firstEvent = new AtomicLong();
            AtomicLong batches = new AtomicLong();
            long t0 = System.nanoTime();
            try (DebeziumChangeSource source = new DebeziumChangeSource(f.spec(), f.names, settings)) {
                source.start(batch -> {
                    if (!batch.events().isEmpty()) {
                        firstEvent.compareAndSet(0, System.nanoTime());
                        batches.incrementAndGet();
                    }
                    count.addAndGet(batch.events().size());
                });
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10)).until(() -> count.get() >= ROWS);
                long done = System.nanoTime();
                assertEquals(ROWS, count.get());
                log.info("THROUGHPUT {} (max batch {}): {} events in {} batches, {} events/s from the first event,"
                                + " {} events/s including start", round, batchSize, ROWS, batches.get(),
                        Math.round(ROWS / ((done - firstEvent.get()) / 1e9)), Math.round(ROWS / ((done - t0) / 1e9)));
            }
        }
    }

    private static void insert(TestDatabase db, long firstId, int rows) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, account, kind, amount) VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (long id = firstId; id < firstId + rows; id++) {
                ps.setLong(1, id);
                ps.setInt(2, (int) (id % 1000));
                ps.setString(3, id % 3 == 0 ? "refund" : "purchase");
                ps.setBigDecimal(4, BigDecimal.valueOf(id, 2));
                ps.addBatch();
                if (id % 1000 == 0) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }
}
