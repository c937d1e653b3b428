package io.partshift.pipeline.verify;

import io.partshift.config.TableRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The verifier's first pass over every chunk. The two sides run at the same time, on their own connections: while
 * the shadow sums chunk n, the source finds and sums chunk n + 1 (which it must do first anyway, to know where chunk
 * n ends). Most of the cost is building and hashing row text inside each server process, so this about halves the
 * time on a server with two cores or more. The shadow is read in one REPEATABLE READ READ ONLY transaction.
 */
final class ChunkWalk {
    private static final Logger log = LoggerFactory.getLogger(DataVerifier.class);
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** What the first pass found. */
    record Result(long sourceRows, long shadowRows, long chunks, List<RangeDiff> differed) {
    }

    private final RangeChecksums sums;
    private final TableRef source;
    private final TableRef shadow;
    private final List<String> keyNames;
    private final int chunkRows;

    ChunkWalk(RangeChecksums sums, TableRef source, TableRef shadow, List<String> keyNames, int chunkRows) {
        this.sums = sums;
        this.source = source;
        this.shadow = shadow;
        this.keyNames = keyNames;
        this.chunkRows = chunkRows;
    }

    /** Starts a REPEATABLE READ READ ONLY transaction on {@code c} that prints values as the verifier's others do. */
    static void beginRead(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        TextSettings.apply(c);
    }

    Result run(Connection snapshot, Connection shadowConnection) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        beginRead(shadowConnection);
        ExecutorService shadowSide = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "partshift-verify-" + shadow.name());
            t.setDaemon(true);
            return t;
        });
        Future<RangeChecksums.Sums> pending = null;
        try {
            long sourceRows = 0;
            long shadowRows = 0;
            long chunks = 0;
            long nextProgress = start + PROGRESS_EVERY_NANOS;
            List<RangeDiff> differed = new ArrayList<>();
            RangeChecksums.Chunk previous = null;
            List<String> lower = null;
            boolean last = false;
            while (previous == null || pending != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("verification of " + source + " interrupted after " + chunks
                            + " chunks");
                }
                RangeChecksums.Chunk chunk = last ? null : sums.sourceChunk(snapshot, lower, chunkRows);
                if (pending != null) {
                    RangeChecksums.Sums theirs = await(pending);
                    pending = null;
                    chunks++;
                    sourceRows += previous.sums().rows();
                    shadowRows += theirs.rows();
                    if (!same(previous.sums(), theirs)) {
                        RangeDiff diff = new RangeDiff(RangeDiff.render(keyNames, previous.range()), previous.range(),
                                previous.sums().rows(), theirs.rows(), Optional.empty());
                        log.warn("{} vs {}: {}", source, shadow, diff);
                        differed.add(diff);
                    }
                }
                if (chunk != null) {
                    pending = shadowSide.submit(() -> sums.shadow(shadowConnection, chunk.range()));
                    previous = chunk;
                    last = chunk.range().upper() == null;
                    lower = chunk.range().upper();
                }
                if (System.nanoTime() > nextProgress) {
                    log.info("verifying {} against {}: {} source rows in {} chunks so far, {} differing", source,
                            shadow, sourceRows, chunks, differed.size());
                    nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
                }
            }
            shadowConnection.commit();
            return new Result(sourceRows, shadowRows, chunks, differed);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            settle(pending); // the shadow connection must be idle before it is rolled back
            rollbackQuietly(shadowConnection, e);
            throw e;
        } finally {
            shadowSide.shutdownNow();
        }
    }

    static boolean same(RangeChecksums.Sums a, RangeChecksums.Sums b) {
        return a.rows() == b.rows() && a.checksum().compareTo(b.checksum()) == 0;
    }

    private static RangeChecksums.Sums await(Future<RangeChecksums.Sums> pending)
            throws SQLException, InterruptedException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("checksumming the shadow failed", e.getCause());
        }
    }

    /** Waits for a running shadow query to end, whatever its outcome (JDBC statements cannot be interrupted). */
    private static void settle(Future<?> pending) {
        if (pending == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
