package io.partshift.pipeline.stream;

import io.debezium.embedded.Connect;
import io.debezium.embedded.async.ConvertingAsyncEngineBuilderFactory;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.StopEngineException;
import io.debezium.engine.format.ChangeEventFormat;
import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.state.StateSchema;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * One table's changes ({@link StreamRoute}) from PostgreSQL logical decoding (pgoutput), read by Debezium's embedded
 * engine from the slot and publication {@link ReplicationSetup} made. Records reach the handler strictly in commit
 * order, one {@link ChangeBatch} per Debezium batch; Debezium stores the offset (in the state schema,
 * {@link JdbcOffsetStore}) and confirms the LSN to the slot only after the handler returned. A source runs once: to
 * resume, make a new one.
 */
public final class DebeziumChangeSource implements ChangeSource {
    private static final Logger log = LoggerFactory.getLogger(DebeziumChangeSource.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    /** How much longer than two heartbeat intervals close() waits for the engine to stop itself from inside. */
    private static final Duration STOP_FROM_INSIDE_MARGIN = Duration.ofMillis(500);

    /**
     * @param heartbeatInterval how often Debezium bumps the heartbeat row, which moves the position when the source is
     *                          quiet (and lets the slot free WAL on a busy server)
     * @param startTimeout      how long {@link #start} waits for streaming to begin (and for a previous reader of the
     *                          slot to go away)
     * @param maxBatchSize      the most records in one batch
     * @param maxRetries        how often Debezium reconnects after a connection failure before the source fails
     */
    public record Settings(Duration heartbeatInterval, Duration startTimeout, int maxBatchSize, int maxRetries) {
        public Settings {
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (heartbeatInterval.toMillis() < 1 || startTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("heartbeat interval and start timeout must be at least 1 ms, got "
                        + heartbeatInterval + " and " + startTimeout);
            }
            if (maxBatchSize < 1 || maxRetries < 0) {
                throw new IllegalArgumentException("maxBatchSize must be positive and maxRetries not negative, got "
                        + maxBatchSize + " and " + maxRetries);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(60), 2048, 5);
        }

        public Settings withHeartbeatInterval(Duration interval) {
            return new Settings(interval, startTimeout, maxBatchSize, maxRetries);
        }

        public Settings withMaxBatchSize(int size) {
            return new Settings(heartbeatInterval, startTimeout, size, maxRetries);
        }

        public Settings withMaxRetries(int retries) {
            return new Settings(heartbeatInterval, startTimeout, maxBatchSize, retries);
        }
    }

    private final ConnectionSpec connection;
    private final StreamRoute route;
    private final Settings settings;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Thread runner;

    /** The forward stream of {@code names}, with {@link Settings#defaults()}. */
    public DebeziumChangeSource(ConnectionSpec connection, Names names) {
        this(connection, names, Settings.defaults());
    }

    /** The forward stream of {@code names} ({@link StreamRoute#forward}). */
    public DebeziumChangeSource(ConnectionSpec connection, Names names, Settings settings) {
        this(connection, StreamRoute.forward(Objects.requireNonNull(names, "names")), settings);
    }

    /** With {@link Settings#defaults()}. */
    public DebeziumChangeSource(ConnectionSpec connection, StreamRoute route) {
        this(connection, route, Settings.defaults());
    }

    /** @throws io.partshift.config.BadInputException if the connection URL names no single host and database */
    public DebeziumChangeSource(ConnectionSpec connection, StreamRoute route, Settings settings) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.route = Objects.requireNonNull(route, "route");
        this.settings = Objects.requireNonNull(settings, "settings");
        PgJdbcUrl.parse(connection.url());
    }

    /** The stream this source reads. */
    public StreamRoute route() {
        return route;
    }

    @Override
    public void start(ChangeBatchHandler handler) throws Exception {
        Objects.requireNonNull(handler, "handler");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("change source for slot " + route.slot() + " was started before: create a"
                    + " new one to resume");
        }
        SourceTable table;
        try (Connection c = connect()) {
            table = StreamPrecheck.check(c, route, settings.startTimeout());
        }
        List<String> key = route.keyColumns().isEmpty() ? table.primaryKey().orElseThrow().columns() : route.keyColumns();
        DebeziumBatches batches = new DebeziumBatches(route.table(), new StateSchema(route.stateSchema()).heartbeatRef(),
                route.heartbeatKey(), key,
                table.columns().stream().filter(Column::isGenerated).map(Column::name).collect(Collectors.toSet()));
        engine = new ConvertingAsyncEngineBuilderFactory().builder(ChangeEventFormat.of(Connect.class))
                .using(DebeziumProperties.build(connection, route, settings))
                .using(this::completed)
                .notifying(new Delivery(handler, batches))
                .build();
        Thread thread = new Thread(engine, "partshift-stream-" + route.slot());
        // The engine's work runs on its own pools, which close() and a failure shut down; this thread must never be
        // what keeps a finished JVM alive.
        thread.setDaemon(true);
        runner = thread;
        thread.start();
        awaitStreaming();
        log.info("streaming changes: {}", route.describe());
    }

    /** Streaming has begun once our walsender holds the slot (the precheck saw it idle). */
    private void awaitStreaming() throws Exception {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, route.slot());
            while (true) {
                Throwable failed = failure.get();
                if (failed != null || !runner.isAlive()) {
                    close();
                    throw new IllegalStateException(route.describe() + " did not start: "
                            + (failed == null ? "the engine stopped" : message(failed)), failed);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException(route.describe()
                            + " did not start within " + settings.startTimeout().toSeconds() + " s; Debezium retries a"
                            + " failed connection up to " + settings.maxRetries() + " times, and its log says why");
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public boolean isRunning() {
        Thread t = runner;
        return t != null && t.isAlive() && !closed && failure.get() == null;
    }

    /**
     * Stops the engine, which stores the last acknowledged offset and shuts its threads down. Safe to call more than
     * once and after a failure.
     *
     * <p>Debezium's own {@code close()} shuts the engine's record service down first and stops polling after that, so
     * a batch polled in between has its records submitted to a pool that is shut down, and the engine logs the
     * {@code RejectedExecutionException} as a failure. So the engine is first asked to stop from inside: the next batch
     * it hands over ends its polling loop ({@link StopEngineException}), after which the engine closes itself in the
     * right order. A stream that delivers nothing for a while (heartbeats come every heartbeat interval) is then closed
     * from outside, which is safe while no batch is polled. Debezium's close() refuses an engine that is starting,
     * stopping or stopped, so that call is retried until the engine's own thread has ended.
     */
    @Override
    public void close() {
        closed = true;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> e = engine;
        Thread t = runner;
        if (e == null || t == null) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        join(t, settings.heartbeatInterval().multipliedBy(2).plus(STOP_FROM_INSIDE_MARGIN).toMillis());
        while (t.isAlive() && System.nanoTime() < deadline) {
            try {
                e.close();
                break;
            } catch (IllegalStateException startingOrStopping) {
                // starting tasks (close later), or already stopping/stopped (wait for the thread)
                sleep(100);
            } catch (Exception other) {
                log.warn("stopping the {} failed: {}", route.describe(), other.toString());
                break;
            }
        }
        join(t, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (t.isAlive()) {
            log.warn("the {} did not stop within {} s", route.describe(), CLOSE_TIMEOUT.toSeconds());
        }
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void completed(boolean success, String message, Throwable error) {
        if (closed) {
            return; // stopped on request; a failure before that is already recorded
        }
        failure.compareAndSet(null, new IllegalStateException(route.describe() + " stopped: "
                + (error == null ? message : message(error)), error));
        log.error("{} stopped: {}", route.describe(),
                error == null ? message : message(error));
    }

    /** The innermost message, which names the real cause (Debezium wraps it several times). */
    private static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root + ")";
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(connection.url(), connection.jdbcProperties());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Debezium's consumer: one ChangeBatch per Debezium batch; acknowledges only after the handler returned. */
    private final class Delivery implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
        private final ChangeBatchHandler handler;
        private final DebeziumBatches batches;

        Delivery(ChangeBatchHandler handler, DebeziumBatches batches) {
            this.handler = handler;
            this.batches = batches;
        }

        @Override
        public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                                DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
                throws InterruptedException {
            if (closed) {
                // close() asked the engine to stop: ending the polling loop here, from the engine's own thread, lets
                // the engine shut its record service down only after its last batch (see close()). This batch is not
                // acknowledged, so it comes again when the stream resumes.
                throw new StopEngineException("the " + route.describe() + " is closing");
            }
            DebeziumBatches.Assembled assembled;
            try {
                assembled = batches.assemble(records.stream().map(RecordChangeEvent::record).toList());
                handler.handle(assembled.batch());
            } catch (InterruptedException interrupted) {
                throw interrupted;
            } catch (Throwable t) {
                if (!closed) {
                    failure.compareAndSet(null, t);
                    log.error("{} stops: the batch up to LSN {} failed: {}", route.describe(),
                            Lsn.format(lastLsn(records)), t.toString());
                }
                // Not a Kafka RetriableException: the engine stops instead of retrying the batch.
                throw new IllegalStateException("change batch failed; the stream stops", t);
            }
            for (int i = 0; i < assembled.acknowledgeable(); i++) {
                committer.markProcessed(records.get(i));
            }
            committer.markBatchFinished();
        }

        @Override
        public boolean supportsTombstoneEvents() {
            return false;
        }
    }

    private static long lastLsn(List<RecordChangeEvent<SourceRecord>> records) {
        Object lsn = records.isEmpty() ? null : records.get(records.size() - 1).record().sourceOffset().get("lsn");
        return lsn instanceof Number n ? n.longValue() : 0;
    }
}
