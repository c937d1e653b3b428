package io.partshift.pipeline.stream;

import io.partshift.config.Names;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reverse stream's server side next to the forward one: made while the partitioned table has the shadow's name,
 * published via the partition root, its slot advanced past the swap, dropped without touching the forward stream.
 */
@ExtendWith(PostgresExtension.class)
class ReverseSetupIT {
    private static final Names NAMES = new Names(new TableRef("public", "orders"), "partshift");

    private static void tables(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, at date NOT NULL, note text)",
                "CREATE TABLE orders_partshift (id int, at date, note text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
                "CREATE TABLE orders_p1 PARTITION OF orders_partshift FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')",
                "CREATE TABLE orders_p_default PARTITION OF orders_partshift DEFAULT");
    }

    @Test
    void theReversePublicationFollowsTheRenamedTableAndPublishesViaItsRoot(TestDatabase db) throws Exception {
        tables(db);
        ReplicationSetup forward = new ReplicationSetup(NAMES);
        ReplicationSetup reverse = new ReplicationSetup(StreamRoute.reverse(NAMES, List.of("id")));
        try (Connection c = db.connect()) {
            forward.create(c);
            reverse.create(c, NAMES.shadow());
            assertTrue(forward.exists(c) && reverse.exists(c));
            assertEquals(List.of("partshift.heartbeat|true", "public.orders_partshift|true"), rows(c, "SELECT schemaname"
                    + " || '.' || tablename || '|' || p.pubviaroot FROM pg_publication_tables t JOIN pg_publication p"
                    + " USING (pubname) WHERE pubname = '" + NAMES.reversePublication() + "' ORDER BY 1"));
            assertEquals(List.of("public.orders", "public.orders reverse"),
                    rows(c, "SELECT source FROM partshift.heartbeat ORDER BY 1"));

            execute(c, "ALTER TABLE orders RENAME TO orders_partshift_old",
                    "ALTER TABLE orders_partshift RENAME TO orders");
            assertEquals(List.of("public.orders"), rows(c, "SELECT schemaname || '.' || tablename"
                    + " FROM pg_publication_tables WHERE pubname = '" + NAMES.reversePublication()
                    + "' AND tablename <> 'heartbeat'"));
            StreamPrecheck.check(c, reverse.route(), java.time.Duration.ofSeconds(5));

            reverse.mark(c, "reverse marker");
            assertEquals(List.of("public.orders|null", "public.orders reverse|reverse marker"),
                    rows(c, "SELECT source || '|' || coalesce(marker, 'null') FROM partshift.heartbeat ORDER BY source"));

            reverse.drop(c);
            assertFalse(reverse.exists(c));
            assertTrue(forward.exists(c), "dropping the reverse stream leaves the forward one");
            assertEquals(List.of("public.orders"), rows(c, "SELECT source FROM partshift.heartbeat"));
        }
    }

    @Test
    void aPublicationThatDoesNotPublishViaTheRootIsRefused(TestDatabase db) throws Exception {
        tables(db);
        db.execute("CREATE SCHEMA partshift", "CREATE TABLE partshift.heartbeat (source text PRIMARY KEY)",
                "CREATE PUBLICATION " + NAMES.reversePublication() + " FOR TABLE orders_partshift, partshift.heartbeat");
        ReplicationSetup reverse = new ReplicationSetup(StreamRoute.reverse(NAMES, List.of("id")));
        try (Connection c = db.connect()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reverse.create(c, NAMES.shadow()));
            assertTrue(e.getMessage().contains("via the partition root"), e.getMessage());
            assertFalse(reverse.exists(c));
        }
    }

    @Test
    void theSlotIsAdvancedToTheSwapPositionAndNeverBack(TestDatabase db) throws Exception {
        tables(db);
        ReplicationSetup reverse = new ReplicationSetup(StreamRoute.reverse(NAMES, List.of("id")));
        try (Connection c = db.connect()) {
            assertThrows(IllegalStateException.class, () -> reverse.advanceSlot(c, 1));
            reverse.create(c, NAMES.shadow());
            long created = reverse.confirmedFlushLsn(c).orElseThrow();
            execute(c, "INSERT INTO orders_partshift SELECT g, '2026-01-05', 'x' FROM generate_series(1, 1000) g");
            long swap = ReplicationSetup.currentWalLsn(c);
            assertTrue(swap > created);
            assertEquals(swap, reverse.advanceSlot(c, swap));
            assertEquals(swap, reverse.confirmedFlushLsn(c).orElseThrow());
            assertEquals(swap, reverse.advanceSlot(c, created), "a slot past the position stays where it is");
            IllegalStateException ahead = assertThrows(IllegalStateException.class,
                    () -> reverse.advanceSlot(c, swap + (1L << 40)));
            assertTrue(ahead.getMessage().contains(NAMES.reverseSlot()) && ahead.getMessage().contains("written"),
                    ahead.getMessage());
        }
    }

    private static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
