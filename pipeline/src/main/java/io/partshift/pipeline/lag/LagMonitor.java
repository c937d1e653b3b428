package io.partshift.pipeline.lag;

import io.partshift.config.LagSpec;
import io.partshift.config.LogFormat;
import io.partshift.pipeline.copy.CopySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Samples progress and lag several times a second (so convergence and the copier's throttle react quickly) and writes
 * one lag line every --lag-interval. The latest {@link LagReport} is the one value everything else reads.
 */
public final class LagMonitor implements AutoCloseable {
    private static final Logger LAG_LOG = LoggerFactory.getLogger("io.partshift.lag");
    private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);
    static final long SAMPLE_MILLIS = 250;

    private final DataSource db;
    private final String slot;
    private final LagSpec lag;
    private final LogFormat format;
    private final Supplier<String> phase;
    private final Supplier<CopySnapshot> copy;
    private final StreamProgress stream;
    private final Consumer<LagReport> onReport;
    private final ConvergenceRule convergence;
    private final AtomicReference<LagReport> latest = new AtomicReference<>();
    private final ScheduledExecutorService scheduler;
    private long lastLineAt;
    private long lastApplied;
    private long lastAppliedAt = System.nanoTime();
    private double appliedPerSecond;

    /**
     * @param onReport called with every logged report (the orchestrator persists the counters through it)
     */
    public LagMonitor(DataSource db, String slot, LagSpec lag, LogFormat format, Supplier<String> phase,
                      Supplier<CopySnapshot> copy, StreamProgress stream, Consumer<LagReport> onReport) {
        this.db = Objects.requireNonNull(db, "db");
        this.slot = Objects.requireNonNull(slot, "slot");
        this.lag = Objects.requireNonNull(lag, "lag");
        this.format = Objects.requireNonNull(format, "format");
        this.phase = Objects.requireNonNull(phase, "phase");
        this.copy = Objects.requireNonNull(copy, "copy");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.onReport = Objects.requireNonNull(onReport, "onReport");
        this.convergence = new ConvergenceRule(lag.cutoverLag(), lag.convergeWindow());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partshift-lag-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::sampleSafely, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The newest report, once the first sample was taken. */
    public Optional<LagReport> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** The applier's lag now, for the copier's --max-lag throttle; empty until known. */
    public Optional<java.time.Duration> currentLag() {
        return latest().flatMap(r -> r.lagMillis().isPresent()
                ? Optional.of(java.time.Duration.ofMillis(r.lagMillis().getAsLong())) : Optional.empty());
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (Exception e) {
            // A failed sample (e.g. the connection dropped) must not stop the monitor: the next one retries.
            LOG.warn("lag sample failed: {}", e.toString());
        }
    }

    private void sample() throws SQLException {
        Instant dbNow;
        Optional<SlotStats> slotStats;
        try (Connection c = db.getConnection()) {
            dbNow = databaseNow(c);
            slotStats = SlotStats.read(c, slot);
        }
        CopySnapshot c = copy.get();
        OptionalLong lagMillis = stream.lastCommitTime()
                .map(t -> OptionalLong.of(Math.max(0, dbNow.toEpochMilli() - t.toEpochMilli())))
                .orElse(OptionalLong.empty());
        long nowNanos = System.nanoTime();
        long applied = stream.appliedEvents();
        double seconds = (nowNanos - lastAppliedAt) / 1e9;
        if (seconds >= 1.0) {
            appliedPerSecond = (applied - lastApplied) / seconds;
            lastApplied = applied;
            lastAppliedAt = nowNanos;
        }
        boolean converged = convergence.sample(dbNow, lagMillis, c.state() == CopySnapshot.State.DONE);
        LagReport report = new LagReport(phase.get(), c.copiedRows(), c.estimatedRows(), c.rowsPerSecond(),
                appliedPerSecond, applied, slotStats.map(SlotStats::lagBytes).orElse(0L), lagMillis,
                slotStats.map(SlotStats::retainedWalBytes).orElse(0L), c.throttle(), c.etaSeconds(), converged);
        latest.set(report);
        if (lastLineAt == 0 || nowNanos - lastLineAt >= lag.interval().toNanos()) {
            lastLineAt = nowNanos;
            LAG_LOG.info(LagLine.format(report, format));
            onReport.accept(report);
        }
    }

    private static Instant databaseNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
