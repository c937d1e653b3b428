package io.partshift.pipeline.copy;

import io.partshift.config.CopySpec;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Backfills the shadow from the source: plans the stripes once (persisted, so a restart keeps them), then copies up
 * to {@code --copy-parallelism} stripes at once, each chunk by chunk ({@link StripeCopy}). Resumes from what the
 * chunks table records and never copies a committed chunk twice. The applier learns where the copy is through the
 * {@link CopyProgress} this copier updates.
 */
public final class BulkCopier {
    private static final Logger log = LoggerFactory.getLogger(BulkCopier.class);

    private final DataSource db;
    private final CopyProgress progress;
    private final TableRef shadow;
    private final CopySpec spec;
    private final ThrottleGate gate;
    private final Supplier<ChunkSizer> sizers;
    private final StripeCopy.ChunkListener listener;
    private volatile boolean stopped;

    /**
     * @param db       connections to the source's database; the copier holds one per stripe being copied
     * @param progress the copy's state, loaded from the chunks table; the applier reads the same object
     * @param shadow   the partitioned shadow, created before the copy
     * @param throttle asked before every chunk; {@link CopyThrottle#NONE} never pauses
     */
    public BulkCopier(DataSource db, CopyProgress progress, TableRef shadow, CopySpec spec, CopyThrottle throttle) {
        this(db, progress, shadow, spec, throttle, () -> new ChunkSizer(spec.chunkRows(), spec.chunkTarget()),
                StripeCopy.ChunkListener.NONE);
    }

    BulkCopier(DataSource db, CopyProgress progress, TableRef shadow, CopySpec spec, CopyThrottle throttle,
               Supplier<ChunkSizer> sizers, StripeCopy.ChunkListener listener) {
        this.db = Objects.requireNonNull(db, "db");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (spec.parallelism() < 1) {
            throw new IllegalArgumentException("--copy-parallelism must be at least 1, not " + spec.parallelism());
        }
        this.gate = new ThrottleGate(Objects.requireNonNull(throttle, "throttle"), progress, ThrottleGate.POLL);
        this.sizers = Objects.requireNonNull(sizers, "sizers");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public CopyProgress progress() {
        return progress;
    }

    /** Makes {@link #run} return after the chunks in flight commit; a later copier resumes from there. */
    public void stop() {
        stopped = true;
    }

    /**
     * Copies every chunk not copied yet and returns when the copy is done or {@link #stop} was called.
     *
     * @throws SQLException naming the table, stripe, chunk and key range that failed; the other stripes stop after
     *                      their current chunk, and everything committed stays recorded for a resume
     */
    public void run() throws SQLException, InterruptedException {
        TableRef source = progress.source().ref();
        if (progress.isFinished()) {
            log.info("copy of {} into {} was already done", source, shadow);
            return;
        }
        if (progress.snapshot().state() == CopySnapshot.State.FAILED) {
            throw new IllegalStateException("a chunk of " + source + " failed earlier in this process: load the copy"
                    + " state again from the chunks table (CopyProgress.load) and copy with a new copier");
        }
        ChunkInsert insert;
        try (Connection c = db.getConnection()) {
            SourceTable shadowTable = new CatalogReader(c).read(shadow).orElseThrow(() -> new IllegalStateException(
                    "the shadow table " + shadow + " does not exist: create it (partshift prepare) before copying"));
            insert = new ChunkInsert(progress.source(), shadowTable, progress.key());
            if (progress.stripes().isEmpty()) {
                plan(c);
            }
        }
        List<Integer> todo = progress.stripes().stream().filter(s -> !s.done()).map(ChunkStore.StripeRecord::stripe)
                .toList();
        int threads = Math.min(spec.parallelism(), todo.size());
        log.info("copying {} into {}: {} stripes to go on {} connections, {} rows copied before", source, shadow,
                todo.size(), threads, progress.snapshot().copiedRows());
        ExecutorService pool = Executors.newFixedThreadPool(threads, named(source));
        long start = System.nanoTime();
        try {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
            List<Future<Void>> futures = new ArrayList<>();
            for (int stripe : todo) {
                futures.add(done.submit(new StripeCopy(db, progress, stripe, shadow, insert, sizers.get(), gate,
                        listener, () -> stopped)));
            }
            await(done, futures.size());
        } finally {
            pool.shutdown();
        }
        CopySnapshot end = progress.snapshot();
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("copy of {} {}: {} rows in {} chunks; this run took {} s", source,
                progress.isFinished() ? "done" : "stopped", end.copiedRows(), end.chunksDone(),
                String.format(java.util.Locale.ROOT, "%.1f", seconds));
    }

    /** Splits the key space and records the stripes before any chunk, so every restart copies the same stripes. */
    private void plan(Connection c) throws SQLException {
        List<KeyRange> ranges = new StripeSplitter(progress.key()).split(c, spec.parallelism());
        progress.store().saveStripes(c, ranges);
        List<ChunkStore.StripeRecord> records = new ArrayList<>();
        for (int s = 0; s < ranges.size(); s++) {
            records.add(new ChunkStore.StripeRecord(s, ranges.get(s), 0, ranges.get(s).lower(), 0));
        }
        progress.planned(records);
        log.info("copy of {} planned, stripes: {}", progress.source().ref(), ranges);
    }

    /**
     * Waits for every stripe; on the first failure stops the others (they finish their chunk in flight) and throws
     * it with the rest suppressed. On interrupt, stops too and waits for the chunks in flight before rethrowing.
     */
    private void await(ExecutorCompletionService<Void> done, int count) throws SQLException, InterruptedException {
        Exception failure = null;
        boolean interrupted = false;
        for (int i = 0; i < count; i++) {
            try {
                done.take().get();
            } catch (ExecutionException e) {
                stopped = true;
                Exception cause = e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                stopped = true;
                interrupted = true;
                i--; // still wait for that stripe
            }
        }
        if (interrupted) {
            throw new InterruptedException("the copy of " + progress.source().ref() + " was interrupted");
        }
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof InterruptedException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("the copy of " + progress.source().ref() + " failed", failure);
        }
    }

    private static java.util.concurrent.ThreadFactory named(TableRef source) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "partshift-copy-" + source + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
