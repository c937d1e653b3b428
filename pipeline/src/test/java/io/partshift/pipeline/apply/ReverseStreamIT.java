package io.partshift.pipeline.apply;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.localpg.load.RowComparison;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.stream.ChangeEvent;
import io.partshift.pipeline.stream.DebeziumChangeSource;
import io.partshift.pipeline.stream.ReplicationSetup;
import io.partshift.pipeline.stream.StreamRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After cutover every change to the new partitioned table flows back into the old monolithic one: the reverse stream
 * (a publication via the partition root, made while the partitioned table still had the shadow's name, and its own
 * slot advanced past the swap) and the applier keyed by the old table's primary key. Ends with both tables equal row
 * by row, and nothing committed before the swap replayed.
 */
@ExtendWith(PostgresExtension.class)
class ReverseStreamIT {
    private static final Names EVENTS = new Names(new TableRef("public", "events"), "partshift");
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    /** Keys written before the swap only; their changes must never reach the reverse applier. */
    private static final List<String> BEFORE_SWAP = List.of("-100001", "-100002", "-100003", "-100004", "-100005");

    @Test
    void everyChangeToTheNewTableAfterTheSwapReachesTheOldTable(TestDatabase db) throws Exception {
        StreamRoute route = StreamRoute.reverse(EVENTS, List.of("id"));
        ReplicationSetup setup = new ReplicationSetup(route);
        long swapLsn;
        try (Connection c = db.connect()) {
            EventsTable.create(c, 3_000);
            createPartitionedCopy(c);
            setup.create(c, EVENTS.shadow());
            // The forward applier's last writes before the swap: in both tables, since the shadow caught up with the
            // source. One shadow-only delete stands for a write the reverse stream would replay if it started too
            // early: the old table must keep that row.
            for (String table : List.of("events", "events_partshift")) {
                execute(c, "INSERT INTO " + table + " (id, campaign_id, created_at, event_type, note)"
                        + " SELECT -100000 - g, 1, timestamptz '2026-06-01' - g * interval '100 days', 'click', 'before the swap'"
                        + " FROM generate_series(1, 5) g",
                        "UPDATE " + table + " SET user_id = 4242 WHERE id BETWEEN -100005 AND -100001");
            }
            execute(c, "DELETE FROM events_partshift WHERE id = -100005");

            swapLsn = swap(c);
            assertEquals(swapLsn, setup.advanceSlot(c, swapLsn));
            assertEquals(swapLsn, setup.advanceSlot(c, swapLsn - 1), "advancing again is harmless");

            // Committed after the swap but before the stream starts: must arrive.
            execute(c, "UPDATE events SET note = 'after the swap', amount = NULL WHERE id = 7",
                    "INSERT INTO events (campaign_id, created_at, event_type, payload) VALUES (3, now(), 'click', NULL)");
        }

        try (ReverseRun run = ReverseRun.start(db, route)) {
            EventsWriteLoad load = new EventsWriteLoad(db.url(), writer(db), 2, Duration.ofMinutes(2));
            load.start();
            Thread.sleep(6_000);
            EventsWriteLoad.Stats stats = load.stop();
            assertTrue(stats.committed().get(EventsWriteLoad.Op.PARTITION_KEY_UPDATE) > 0
                    && stats.committed().get(EventsWriteLoad.Op.TOAST_KEEPING_UPDATE) > 0, stats::toString);
            try (Connection c = db.connect()) {
                String toasted = "(SELECT min(id) FROM events WHERE note IS NOT NULL AND length(note) > 5000 AND id > 0)";
                // TOAST-keeping updates of the partition key: within one partition (a key update of the new table
                // that keeps the old table's key), to another partition (a delete and an insert via the root); and
                // one that changes the old table's key (the applier reads the row back from the new table).
                execute(c, "UPDATE events SET created_at = created_at - interval '1 second', user_id = 1"
                                + " WHERE id = " + toasted,
                        "UPDATE events SET created_at = created_at - interval '400 days', user_id = 2"
                                + " WHERE id = " + toasted,
                        "UPDATE events SET id = id + 5000000, user_id = 3 WHERE id = " + toasted);
                run.awaitMarker(c, setup);
                assertTrue(exists(c, "events_partshift_old", -100005), "a change from before the swap was replayed");
                for (String key : BEFORE_SWAP) {
                    assertFalse(run.keys.contains(key), "key " + key + " was written only before the swap");
                }
                assertTrue(run.firstLsn.get() > swapLsn, "the first event is from after the swap");
                // The two tables differ only by the shadow-only delete from before the swap; put the row back.
                execute(c, "INSERT INTO events SELECT * FROM events_partshift_old WHERE id = -100005");
                run.awaitMarker(c, setup);
                RowComparison comparison = RowComparison.of(c, "public.events", "public.events_partshift_old");
                assertTrue(comparison.equal(), comparison::toString);
                assertTrue(comparison.leftRows() > 3_000, comparison::toString);
            }
            ApplyCounts totals = run.applier.totals();
            assertTrue(totals.partial() > 0 && totals.deleted() > 0 && totals.inserted() > 0, totals::toString);
        }
    }

    /**
     * The old table has an identity GENERATED ALWAYS key and a generated column, the new one a plain key; TOASTed
     * values left unchanged arrive as placeholders. All of it must land in the old table as the new one has it.
     */
    @Test
    void identityGeneratedAndUnchangedToastedColumnsGoBackToo(TestDatabase db) throws Exception {
        Names names = new Names(new TableRef("public", "items"), "partshift");
        StreamRoute route = StreamRoute.reverse(names, List.of("id"));
        ReplicationSetup setup = new ReplicationSetup(route);
        String big = "(SELECT string_agg(md5(random()::text || i), '') FROM generate_series(1, 200) i)";
        try (Connection c = db.connect()) {
            execute(c, "CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " created_at timestamptz NOT NULL, qty int, total int GENERATED ALWAYS AS (qty * 2) STORED,"
                            + " body text)",
                    "INSERT INTO items (created_at, qty, body) SELECT timestamptz '2026-01-01' + g * interval '1 day',"
                            + " g, CASE WHEN g % 3 = 0 THEN " + big + " END FROM generate_series(1, 60) g",
                    "CREATE TABLE items_partshift (id bigint NOT NULL, created_at timestamptz NOT NULL, qty int,"
                            + " total int GENERATED ALWAYS AS (qty * 2) STORED, body text, PRIMARY KEY (id, created_at))"
                            + " PARTITION BY RANGE (created_at)",
                    "CREATE TABLE items_q1 PARTITION OF items_partshift FOR VALUES FROM ('2026-01-01') TO ('2026-04-01')",
                    "CREATE TABLE items_rest PARTITION OF items_partshift DEFAULT",
                    "INSERT INTO items_partshift (id, created_at, qty, body) SELECT id, created_at, qty, body FROM items");
            setup.create(c, names.shadow());
            c.setAutoCommit(false);
            long lsn = ReplicationSetup.currentWalLsn(c);
            execute(c, "ALTER TABLE items RENAME TO items_partshift_old", "ALTER TABLE items_partshift RENAME TO items");
            c.commit();
            c.setAutoCommit(true);
            setup.advanceSlot(c, lsn);
        }
        try (ReverseRun run = ReverseRun.start(db, route); Connection c = db.connect()) {
            execute(c, "INSERT INTO items (id, created_at, qty, body) VALUES (1000, '2026-02-01', 5, " + big + "),"
                            + " (1001, '2027-01-01', NULL, NULL)",
                    "UPDATE items SET qty = qty + 100 WHERE id % 3 = 0", // TOAST kept: partial updates
                    "UPDATE items SET qty = NULL, created_at = created_at + interval '200 days' WHERE id = 3", // moves
                    "UPDATE items SET id = id + 10000 WHERE id = 6", // key change keeping TOAST: read back
                    // A partition-key change within the partition: a key change of the new table only.
                    "UPDATE items SET created_at = created_at + interval '1 hour', qty = 7 WHERE id = 9",
                    "UPDATE items SET body = " + big + " WHERE id = 1",
                    "DELETE FROM items WHERE id IN (2, 1001)");
            run.awaitMarker(c, setup);
            RowComparison comparison = RowComparison.of(c, "public.items", "public.items_partshift_old");
            assertTrue(comparison.equal(), comparison::toString);
            assertEquals(1, count(c, "SELECT count(*) FROM items_partshift_old WHERE id = 10006 AND length(body) > 5000"
                    + " AND qty = 106 AND total = 212"), "a key change that kept a TOASTed value is read back");
            assertTrue(run.applier.totals().partial() > 0, run.applier.totals()::toString);
        }
    }

    /** The reverse stream and its applier into the old table, with what arrived. */
    private static final class ReverseRun implements AutoCloseable {
        final ShadowApplier applier;
        final DebeziumChangeSource source;
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final Set<String> markers = ConcurrentHashMap.newKeySet();
        final AtomicLong firstLsn = new AtomicLong();

        private ReverseRun(ShadowApplier applier, DebeziumChangeSource source) {
            this.applier = applier;
            this.source = source;
        }

        static ReverseRun start(TestDatabase db, StreamRoute route) throws Exception {
            SourceTable newTable;
            SourceTable oldTable;
            try (Connection c = db.connect()) {
                CatalogReader catalog = new CatalogReader(c);
                newTable = catalog.read(route.table()).orElseThrow();
                oldTable = catalog.read(new Names(route.table(), route.stateSchema()).old()).orElseThrow();
            }
            ShadowApplier applier = new ShadowApplier(db::connect, ApplyTarget.reverse(newTable, oldTable),
                    ApplierSettings.defaults());
            DebeziumChangeSource source = new DebeziumChangeSource(new ConnectionSpec(db.url(), db.user(),
                    Secret.none()), route, DebeziumChangeSource.Settings.defaults()
                    .withHeartbeatInterval(Duration.ofMillis(200)));
            ReverseRun run = new ReverseRun(applier, source);
            source.start(batch -> {
                for (ChangeEvent e : batch.events()) {
                    run.keys.add(e.key().get(0));
                    run.firstLsn.compareAndSet(0, e.lsn());
                }
                applier.apply(batch.events());
                run.markers.addAll(batch.markers());
            });
            return run;
        }

        /** Writes a marker into the reverse stream's heartbeat row and waits until it came back through the applier. */
        void awaitMarker(Connection c, ReplicationSetup setup) throws SQLException {
            String marker = UUID.randomUUID().toString();
            setup.mark(c, marker);
            await().atMost(CATCH_UP).until(() -> markers.contains(marker) || source.failure().isPresent());
            assertFalse(source.failure().isPresent(), () -> "the reverse stream failed: " + source.failure().get());
        }

        @Override
        public void close() {
            source.close();
            applier.close();
        }
    }

    /**
     * {@code public.events_partshift}: the same columns, partitioned by range of created_at (a year back, the last 60
     * days, the next 30, DEFAULT for the rest), keyed by (id, created_at), holding the same rows.
     */
    private static void createPartitionedCopy(Connection c) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String yearAgo = now.minusDays(365).toString();
        String recent = now.minusDays(60).toString();
        String soon = now.plusDays(30).toString();
        execute(c, """
                        CREATE TABLE public.events_partshift (
                            id bigint NOT NULL DEFAULT nextval('public.events_id_seq'),
                            campaign_id int NOT NULL,
                            created_at timestamptz NOT NULL DEFAULT now(),
                            event_type text NOT NULL CHECK (event_type IN ('impression', 'click', 'conversion')),
                            user_id bigint,
                            amount numeric(12, 2),
                            payload jsonb,
                            note text,
                            PRIMARY KEY (id, created_at)
                        ) PARTITION BY RANGE (created_at)""",
                "CREATE TABLE events_p_history PARTITION OF events_partshift FOR VALUES FROM (MINVALUE) TO ('" + yearAgo + "')",
                "CREATE TABLE events_p_year PARTITION OF events_partshift FOR VALUES FROM ('" + yearAgo + "') TO ('" + recent + "')",
                "CREATE TABLE events_p_recent PARTITION OF events_partshift FOR VALUES FROM ('" + recent + "') TO ('" + soon + "')",
                "CREATE TABLE events_p_default PARTITION OF events_partshift DEFAULT",
                "INSERT INTO events_partshift SELECT * FROM events");
    }

    /**
     * The cutover's rename swap, as the swapper does it: under the lock, read the WAL position, rename both tables,
     * commit. Returns the position, to which the reverse slot is advanced after the commit.
     */
    private static long swap(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            execute(c, "LOCK TABLE events, events_partshift IN ACCESS EXCLUSIVE MODE");
            long lsn = ReplicationSetup.currentWalLsn(c);
            execute(c, "ALTER TABLE events RENAME TO events_partshift_old",
                    "ALTER TABLE events_partshift RENAME TO events");
            c.commit();
            return lsn;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static Properties writer(TestDatabase db) {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        return p;
    }

    private static boolean exists(Connection c, String table, long id) throws SQLException {
        return count(c, "SELECT count(*) FROM " + table + " WHERE id = " + id) == 1;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
