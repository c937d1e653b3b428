package io.partshift.pipeline.stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a source is a normal event (cutover, Ctrl-C, a resume): it must log no warning or error, also while
 * batches are pouring in, and the next source must go on exactly where the closed one stopped.
 */
@ExtendWith(PostgresExtension.class)
class CleanStopIT {

    @Test
    void closingUnderLoadLogsNothingAndLosesNothing(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id serial PRIMARY KEY, note text)");
        StreamFixture f = new StreamFixture(db, "orders").setUp();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (writing.get()) {
                    s.execute("INSERT INTO orders (note) SELECT 'n' FROM generate_series(1, 200)");
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "clean-stop-writer");
        List<CollectingHandler> handlers = new ArrayList<>();
        try {
            writer.start();
            for (int round = 0; round < 4; round++) {
                CollectingHandler handler = new CollectingHandler();
                handlers.add(handler);
                DebeziumChangeSource source = f.started(handler);
                Thread.sleep(600 + 250L * round);
                long t0 = System.nanoTime();
                source.close();
                assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "close() returns promptly");
            }
            writing.set(false);
            writer.join(30_000);
            // A quiet stream closes cleanly too (then no batch comes to stop the engine from inside).
            CollectingHandler last = new CollectingHandler();
            handlers.add(last);
            try (DebeziumChangeSource ignored = f.started(last)) {
                long total = count(db);
                long before = handlers.stream().mapToLong(h -> h.events().size()).sum() - last.events().size();
                last.awaitEvents((int) (total - before));
                Thread.sleep(500);
            }
        } finally {
            writing.set(false);
            root.detachAppender(logged);
        }
        // Errors, and warnings with a stack trace. (Debezium 3.6 also warns, without one, when its latency
        // statistics drop samples while a backlog is read: that is not about stopping.)
        List<String> problems = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                        || e.getLevel().isGreaterOrEqual(Level.WARN) && e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ")"))
                .collect(Collectors.toList());
        assertEquals(List.of(), problems, "a clean stop logs no error and no stack trace");

        List<Integer> delivered = new ArrayList<>();
        handlers.forEach(h -> h.events().forEach(e -> delivered.add(Integer.parseInt(e.key().get(0)))));
        long total = count(db);
        assertTrue(total > 3_000, "the stops happened under load: " + total + " rows");
        assertEquals(IntStream.rangeClosed(1, (int) total).boxed().toList(), delivered,
                "every acknowledged change exactly once, in order, across the stops");
    }

    private static long count(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
