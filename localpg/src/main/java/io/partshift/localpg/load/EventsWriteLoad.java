package io.partshift.localpg.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A live write load on {@link EventsTable}'s {@code public.events}: every kind of change a migration must survive,
 * each in its own autocommitted transaction, from several connections at once. Bounded by {@link #stop()} (and a
 * maximum duration) so a test can never leave it running.
 */
public final class EventsWriteLoad implements AutoCloseable {
    /** What one transaction does. */
    public enum Op {
        INSERT, UPDATE, TOAST_KEEPING_UPDATE, PARTITION_KEY_UPDATE, LIST_KEY_UPDATE, PRIMARY_KEY_UPDATE, DELETE,
        NULLS, FAR_FUTURE_INSERT
    }

    private final String url;
    private final Properties properties;
    private final int connections;
    private final Duration maxDuration;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<Op, LongAdder> done = new EnumMap<>(Op.class);
    private final LongAdder serializationFailures = new LongAdder();
    private final AtomicLong maxLatencyMicros = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Throwable failure;
    /** Most transactions per second per connection; 0 = as fast as the server allows. */
    private volatile int perConnectionRate;

    public EventsWriteLoad(String url, Properties properties, int connections, Duration maxDuration) {
        this.url = Objects.requireNonNull(url, "url");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.connections = connections;
        this.maxDuration = maxDuration;
        for (Op op : Op.values()) {
            done.put(op, new LongAdder());
        }
    }

    /**
     * Caps each writer connection at {@code txPerSecond}. Correctness tests need the applier to catch up whatever else
     * runs on the machine: an uncapped load on a shared CPU can outrun it forever, which proves nothing about races.
     */
    public EventsWriteLoad withRateLimit(int txPerSecond) {
        if (running.get()) {
            throw new IllegalStateException("set the rate before start()");
        }
        this.perConnectionRate = txPerSecond;
        return this;
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("already running");
        }
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> writeUntil(deadline), "events-write-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the writers, waits for them, and rethrows the first unexpected error one of them hit. */
    public Stats stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
        if (failure != null) {
            throw new IllegalStateException("the write load failed", failure);
        }
        return stats();
    }

    public Stats stats() {
        Map<Op, Long> counts = new EnumMap<>(Op.class);
        done.forEach((op, n) -> counts.put(op, n.sum()));
        return new Stats(counts, serializationFailures.sum(), maxLatencyMicros.get());
    }

    /** Transactions committed per kind, how many serialization failures were retried, the slowest one. */
    public record Stats(Map<Op, Long> committed, long serializationFailures, long maxLatencyMicros) {
        public long total() {
            return committed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
    }

    private void writeUntil(long deadlineNanos) {
        try (Connection c = DriverManager.getConnection(url, properties)) {
            EventsStatements statements = new EventsStatements(c);
            long interval = perConnectionRate > 0 ? 1_000_000_000L / perConnectionRate : 0;
            long next = System.nanoTime();
            while (running.get() && System.nanoTime() < deadlineNanos) {
                if (interval > 0) {
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                Op op = pick();
                long started = System.nanoTime();
                try {
                    statements.run(op);
                    done.get(op).increment();
                } catch (SQLException e) {
                    // A row moved to another partition by a concurrent UPDATE: PostgreSQL asks the writer to retry.
                    if (!"40001".equals(e.getSQLState()) && !"40P01".equals(e.getSQLState())) {
                        throw e;
                    }
                    serializationFailures.increment();
                }
                maxLatencyMicros.accumulateAndGet((System.nanoTime() - started) / 1_000, Math::max);
            }
        } catch (Throwable t) {
            if (running.get()) {
                failure = t;
            }
        }
    }

    private static Op pick() {
        int r = ThreadLocalRandom.current().nextInt(100);
        if (r < 40) {
            return Op.INSERT;
        } else if (r < 60) {
            return Op.UPDATE;
        } else if (r < 68) {
            return Op.TOAST_KEEPING_UPDATE;
        } else if (r < 76) {
            return Op.PARTITION_KEY_UPDATE;
        } else if (r < 80) {
            return Op.LIST_KEY_UPDATE;
        } else if (r < 84) {
            return Op.PRIMARY_KEY_UPDATE;
        } else if (r < 94) {
            return Op.DELETE;
        } else if (r < 98) {
            return Op.NULLS;
        }
        return Op.FAR_FUTURE_INSERT;
    }

    /** The prepared statements of one writer connection. */
    private static final class EventsStatements {
        private final PreparedStatement insert;
        private final PreparedStatement update;
        private final PreparedStatement toastKeeping;
        private final PreparedStatement partitionKey;
        private final PreparedStatement listKey;
        private final PreparedStatement primaryKey;
        private final PreparedStatement delete;
        private final PreparedStatement nulls;
        private final PreparedStatement farFuture;

        EventsStatements(Connection c) throws SQLException {
            // Targets are picked near a random existing id so that updates and deletes mostly hit rows.
            String pickRow = "(SELECT id FROM public.events WHERE id >= (SELECT (random() * max(id))::bigint FROM public.events) ORDER BY id LIMIT 1)";
            insert = c.prepareStatement("INSERT INTO public.events (campaign_id, created_at, event_type, user_id, amount, payload, note)"
                    + " VALUES (1 + (random() * 39)::int, now() - random() * interval '30 days', 'impression',"
                    + " (random() * 1000000)::bigint, round((random() * 100)::numeric, 2), jsonb_build_object('w', random()),"
                    + " CASE WHEN random() < 0.1 THEN " + EventsTable.largeText("1") + " END)");
            update = c.prepareStatement("UPDATE public.events SET amount = round((random() * 100)::numeric, 2),"
                    + " payload = payload || jsonb_build_object('u', random()), note = CASE WHEN random() < 0.05 THEN "
                    + EventsTable.largeText("2") + " ELSE note END WHERE id = " + pickRow);
            toastKeeping = c.prepareStatement("UPDATE public.events SET user_id = (random() * 1000000)::bigint"
                    + " WHERE id = (SELECT id FROM public.events WHERE note IS NOT NULL AND id >= (SELECT (random() * max(id))::bigint FROM public.events) ORDER BY id LIMIT 1)");
            partitionKey = c.prepareStatement("UPDATE public.events SET created_at = created_at - random() * interval '200 days'"
                    + " WHERE id = " + pickRow);
            listKey = c.prepareStatement("UPDATE public.events SET campaign_id = 1 + (random() * 39)::int WHERE id = " + pickRow);
            primaryKey = c.prepareStatement("UPDATE public.events SET id = -id WHERE id = " + pickRow + " AND id > 0");
            delete = c.prepareStatement("DELETE FROM public.events WHERE id = " + pickRow);
            nulls = c.prepareStatement("UPDATE public.events SET user_id = NULL, amount = NULL, payload = NULL WHERE id = " + pickRow);
            farFuture = c.prepareStatement("INSERT INTO public.events (campaign_id, created_at, event_type)"
                    + " VALUES (1, timestamptz '2099-01-01' + random() * interval '300 days', 'click')");
        }

        void run(Op op) throws SQLException {
            PreparedStatement ps = switch (op) {
                case INSERT -> insert;
                case UPDATE -> update;
                case TOAST_KEEPING_UPDATE -> toastKeeping;
                case PARTITION_KEY_UPDATE -> partitionKey;
                case LIST_KEY_UPDATE -> listKey;
                case PRIMARY_KEY_UPDATE -> primaryKey;
                case DELETE -> delete;
                case NULLS -> nulls;
                case FAR_FUTURE_INSERT -> farFuture;
            };
            ps.executeUpdate();
        }
    }
}
