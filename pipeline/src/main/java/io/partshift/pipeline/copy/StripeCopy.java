package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Copies one stripe, chunk after chunk in key order, on its own connection. Per chunk: ask the throttle, find the
 * chunk's end, mark it in flight, then one transaction with the INSERT ... SELECT and the chunk's row, then mark it
 * copied. Marking in flight before the INSERT starts is what makes skipping events for later chunks safe.
 */
final class StripeCopy implements Callable<Void> {
    private static final Logger log = LoggerFactory.getLogger(StripeCopy.class);

    /** Told after each committed chunk (tests stop a copier or write to the source at a chosen point). */
    @FunctionalInterface
    interface ChunkListener {
        void copied(int stripe, long chunk, KeyRange range, long rows);

        ChunkListener NONE = (stripe, chunk, range, rows) -> {
        };
    }

    private final DataSource db;
    private final CopyProgress progress;
    private final int stripe;
    private final TableRef shadow;
    private final KeyRangeChunker chunker;
    private final ChunkInsert insert;
    private final ChunkSizer sizer;
    private final ThrottleGate gate;
    private final ChunkListener listener;
    private final BooleanSupplier stopped;

    StripeCopy(DataSource db, CopyProgress progress, int stripe, TableRef shadow, ChunkInsert insert, ChunkSizer sizer,
               ThrottleGate gate, ChunkListener listener, BooleanSupplier stopped) {
        this.db = db;
        this.progress = progress;
        this.stripe = stripe;
        this.shadow = shadow;
        this.chunker = new KeyRangeChunker(progress.key());
        this.insert = insert;
        this.sizer = sizer;
        this.gate = gate;
        this.listener = listener;
        this.stopped = stopped;
    }

    @Override
    public Void call() throws SQLException, InterruptedException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            // Each chunk is one statement and so one snapshot; a stricter default isolation would only add retries.
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try (Statement st = c.createStatement()) {
                // The same statements run with new bounds every chunk; a generic plan cannot see that an open-ended
                // last chunk holds a few rows and may scan the whole table for them.
                st.execute("SET plan_cache_mode = force_custom_plan");
            }
            while (!stopped.getAsBoolean()) {
                ChunkStore.StripeRecord s = progress.stripes().get(stripe);
                if (s.done()) {
                    log.info("copy of {} stripe {} {} done: {} chunks, {} rows", progress.source().ref(), stripe,
                            s.range(), s.chunksDone(), s.rows());
                    return null;
                }
                gate.await(stopped);
                if (stopped.getAsBoolean()) {
                    break;
                }
                KeyRange chunk = chunker.next(c, s.watermark(), s.range(), sizer.next());
                long n = s.chunksDone() + 1;
                progress.started(stripe, n, chunk);
                long start = System.nanoTime();
                long rows;
                try {
                    rows = copy(c, n, chunk);
                } catch (SQLException | RuntimeException e) {
                    progress.failed(stripe, e);
                    throw e;
                }
                progress.copied(stripe, n, rows);
                sizer.record(rows, Duration.ofNanos(System.nanoTime() - start));
                listener.copied(stripe, n, chunk, rows);
            }
            return null;
        }
    }

    /** One transaction: the chunk's rows and its row in the chunks table commit together or not at all. */
    private long copy(Connection c, long n, KeyRange chunk) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(insert.sql(chunk))) {
            progress.key().bind(ps, 1, chunk);
            long start = System.nanoTime();
            long rows = ps.executeLargeUpdate();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            progress.store().recordChunk(c, stripe, n, chunk, rows, millis);
            c.commit();
            log.debug("copied chunk {} of stripe {} of {} {}: {} rows in {} ms", n, stripe, progress.source().ref(),
                    chunk, rows, millis);
            return rows;
        } catch (SQLException e) {
            rollback(c, e);
            throw new SQLException("copying chunk " + n + " of stripe " + stripe + " of " + progress.source().ref()
                    + " " + chunk + " into " + shadow + " failed: " + e.getMessage() + "; the chunk's row in the"
                    + " chunks table commits with its rows, so a new copier resumes exactly after what committed",
                    e.getSQLState(), e);
        } finally {
            restoreAutoCommit(c);
        }
    }

    private static void rollback(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.debug("could not restore autocommit on a copier connection: {}", e.getMessage());
        }
    }
}
