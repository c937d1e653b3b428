package io.partshift.pipeline.copy;

import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.state.StateSchema;
import io.partshift.pipeline.stream.ChangeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the backfill is, and so which change events the applier applies now (docs/design.md). The copier marks a
 * chunk in flight under {@link #lock} before the chunk's statement takes its snapshot and marks it copied after its
 * commit; {@link #toApply} classifies under the same lock, so an event is never skipped for a chunk whose snapshot
 * is already older than the event. State starts from the chunks table, so a restarted process agrees with what was
 * committed. Also the one source of the copy's progress ({@link #snapshot}).
 */
public final class CopyProgress implements KeyProgress, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CopyProgress.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SourceTable source;
    private final KeyColumns key;
    private final ChunkStore store;
    private final KeyPlacer placer;
    private final Clock clock;
    private final CopyRate rate = new CopyRate();
    private List<StripeState> stripes;
    private boolean finished;
    private volatile String throttle = "none";

    private CopyProgress(DataSource db, SourceTable source, KeyColumns key, ChunkStore store,
                         List<ChunkStore.StripeRecord> stripes, Clock clock) {
        this.source = source;
        this.key = key;
        this.store = store;
        this.placer = new KeyPlacer(db, key);
        this.clock = clock;
        this.stripes = stripes.stream().map(StripeState::new).toList();
        this.finished = !this.stripes.isEmpty() && this.stripes.stream().allMatch(StripeState::done);
    }

    /** The copy state of {@code source} as the chunks table records it (nothing copied when it has no rows). */
    public static CopyProgress load(DataSource db, StateSchema state, SourceTable source) throws SQLException {
        return load(db, state, source, Clock.systemUTC());
    }

    public static CopyProgress load(DataSource db, StateSchema state, SourceTable source, Clock clock)
            throws SQLException {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(source, "source");
        ChunkStore store = new ChunkStore(Objects.requireNonNull(state, "state"), source.ref());
        try (Connection c = db.getConnection()) {
            KeyColumns key = KeyColumns.read(c, source.ref());
            CopyProgress progress = new CopyProgress(db, source, key, store, store.load(c),
                    Objects.requireNonNull(clock, "clock"));
            log.info("copy state of {}: {} stripes, {} chunks and {} rows copied, key compared in {}", source.ref(),
                    progress.stripes.size(), progress.stripes.stream().mapToLong(s -> s.chunksDone).sum(),
                    progress.stripes.stream().mapToLong(s -> s.rows).sum(), progress.placer.inJava() ? "Java" : "SQL");
            return progress;
        }
    }

    @Override
    public List<ChangeEvent> toApply(List<ChangeEvent> events) throws InterruptedException {
        if (events.isEmpty()) {
            return List.of();
        }
        lock.lockInterruptibly();
        try {
            if (finished) {
                return events;
            }
            if (stripes.isEmpty()) {
                return List.of(); // nothing planned, so nothing started: every chunk's snapshot comes later
            }
            List<List<String>> keys = distinctKeys(events);
            Map<List<String>, KeyClassifier.Placement> placements = placer.place(keys, stripes);
            for (KeyClassifier.Placement p : new HashSet<>(placements.values())) {
                if (p.verdict() == KeyClassifier.Verdict.WAIT) {
                    awaitCopied(p);
                }
            }
            List<ChangeEvent> apply = new ArrayList<>(events.size());
            for (ChangeEvent e : events) {
                if (placements.get(e.key()).verdict() != KeyClassifier.Verdict.DROP) {
                    apply.add(e);
                }
            }
            return apply;
        } finally {
            lock.unlock();
        }
    }

    private List<List<String>> distinctKeys(List<ChangeEvent> events) {
        List<List<String>> keys = new ArrayList<>(new LinkedHashSet<>(events.stream().map(ChangeEvent::key).toList()));
        keys.forEach(key::requireKey);
        return keys;
    }

    /** Waits (releasing the lock) until chunk {@code p} is committed; refuses to wait for one that failed. */
    private void awaitCopied(KeyClassifier.Placement p) throws InterruptedException {
        StripeState s = stripes.get(p.stripe());
        while (!finished && s.chunksDone < p.chunk()) {
            if (s.failure != null) {
                throw new IllegalStateException("change events for keys in chunk " + p.chunk() + " of stripe "
                        + p.stripe() + " of " + source.ref() + " " + s.inFlight + " cannot be applied: copying that"
                        + " chunk failed (" + s.failure.getMessage() + "); restart the migration to resume the copy",
                        s.failure);
            }
            changed.await();
        }
    }

    /** Whether every stripe is copied (then every event applies). */
    public boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    public CopySnapshot snapshot() {
        lock.lock();
        try {
            List<CopySnapshot.Stripe> view = stripes.stream().map(s -> new CopySnapshot.Stripe(s.stripe,
                    Optional.ofNullable(s.range.lower()), Optional.ofNullable(s.range.upper()),
                    s.chunksDone > 0 ? Optional.ofNullable(s.watermark) : Optional.empty(), s.chunksDone, s.rows,
                    s.done())).toList();
            CopySnapshot.State state = stripes.stream().anyMatch(s -> s.failure != null) ? CopySnapshot.State.FAILED
                    : finished ? CopySnapshot.State.DONE
                    : stripes.isEmpty() ? CopySnapshot.State.NOT_STARTED : CopySnapshot.State.COPYING;
            return new CopySnapshot(state, stripes.stream().mapToLong(s -> s.rows).sum(),
                    Math.max(0, source.rowEstimate()), rate.perSecond(clock.instant()),
                    stripes.stream().mapToLong(s -> s.chunksDone).sum(), view, throttle);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            placer.close();
        } finally {
            lock.unlock();
        }
    }

    // ---- the copier's side ----

    SourceTable source() {
        return source;
    }

    KeyColumns key() {
        return key;
    }

    ChunkStore store() {
        return store;
    }

    /** The stripes as they are now, for the copier to resume from. */
    List<ChunkStore.StripeRecord> stripes() {
        lock.lock();
        try {
            return stripes.stream().map(s -> new ChunkStore.StripeRecord(s.stripe, s.range, s.chunksDone,
                    s.watermark, s.rows)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The copier persisted its stripes; until now every key was "not started", and still is. */
    void planned(List<ChunkStore.StripeRecord> planned) {
        lock.lock();
        try {
            if (!stripes.isEmpty()) {
                throw new IllegalStateException("the copy of " + source.ref() + " is already planned");
            }
            stripes = planned.stream().map(StripeState::new).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Marks a chunk in flight; must return before the chunk's statement starts (and so takes its snapshot). */
    void started(int stripe, long chunk, KeyRange range) {
        lock.lock();
        try {
            StripeState s = stripes.get(stripe);
            if (s.failure != null) {
                // Whether a chunk whose commit failed did commit is known only to the chunks table; guessing "no"
                // would skip events for rows it may hold. Only a reload (a restart) may go on.
                throw new IllegalStateException("chunk " + s.inFlightChunk + " " + s.inFlight + " of stripe " + stripe
                        + " of " + source.ref() + " failed in this process; load the copy state again from the"
                        + " chunks table (CopyProgress.load) to resume", s.failure);
            }
            if (chunk != s.chunksDone + 1 || !Objects.equals(range.lower(), s.watermark) || s.inFlightChunk != 0) {
                throw new IllegalStateException("chunk " + chunk + " " + range + " of stripe " + stripe + " of "
                        + source.ref() + " does not follow chunk " + s.chunksDone + " ending at " + s.watermark);
            }
            s.inFlightChunk = chunk;
            s.inFlight = range;
            rate.started(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /** Marks the in-flight chunk copied, after its commit, and wakes the events waiting for it. */
    void copied(int stripe, long chunk, long rows) {
        lock.lock();
        try {
            StripeState s = stripes.get(stripe);
            if (s.inFlightChunk != chunk) {
                throw new IllegalStateException("chunk " + chunk + " of stripe " + stripe + " of " + source.ref()
                        + " was not in flight (chunk " + s.inFlightChunk + " was)");
            }
            s.chunksDone = chunk;
            s.watermark = s.inFlight.upper();
            s.rows += rows;
            s.inFlightChunk = 0;
            s.inFlight = null;
            rate.copied(clock.instant(), rows);
            finished = stripes.stream().allMatch(StripeState::done);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The in-flight chunk of {@code stripe} failed: events waiting for it, and later events in its range, fail
     * rather than wait forever or be skipped; the stripe stays stopped until the state is loaded again.
     */
    void failed(int stripe, Throwable cause) {
        lock.lock();
        try {
            stripes.get(stripe).failure = cause;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void throttled(Optional<String> reason) {
        throttle = reason.orElse("none");
    }
}
