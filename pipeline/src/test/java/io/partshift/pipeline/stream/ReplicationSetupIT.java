package io.partshift.pipeline.stream;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class ReplicationSetupIT {

    private static List<String> rows(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(sb.toString());
                }
                return rows;
            }
        }
    }

    @Test
    void createMakesStateHeartbeatPublicationAndSlot(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        StreamFixture f = new StreamFixture(db, "orders");
        try (Connection c = db.connect()) {
            assertFalse(f.setup.exists(c));
            assertTrue(f.setup.confirmedFlushLsn(c).isEmpty());
            f.setup.create(c);
            assertTrue(f.setup.exists(c));
            assertEquals(List.of("public.orders|0|null"), rows(c, "SELECT source, beat, marker FROM partshift.heartbeat"));
            assertEquals(List.of("partshift|heartbeat", "public|orders"), rows(c, "SELECT schemaname, tablename"
                    + " FROM pg_publication_tables WHERE pubname = ? ORDER BY 1", f.names.publication()));
            assertEquals(List.of("logical|pgoutput|f"), rows(c, "SELECT slot_type, plugin, active"
                    + " FROM pg_replication_slots WHERE slot_name = ?", f.names.slot()));
            assertTrue(f.setup.confirmedFlushLsn(c).getAsLong() > 0);
            assertTrue(f.setup.retainedWalBytes(c).getAsLong() >= 0);

            IllegalStateException again = assertThrows(IllegalStateException.class, () -> f.setup.create(c));
            assertTrue(again.getMessage().contains(f.names.slot()), again.getMessage());
        }
    }

    @Test
    void theSlotIsCreatedLastSoAFailedSetupLeavesNoSlot(TestDatabase db) throws Exception {
        StreamFixture f = new StreamFixture(db, "missing_table");
        try (Connection c = db.connect()) {
            assertThrows(SQLException.class, () -> f.setup.create(c));
            assertFalse(f.setup.exists(c));
            // Once the table exists, setting up again works (the half-made state is reused).
            db.execute("CREATE TABLE missing_table (id int PRIMARY KEY)");
            f.setup.create(c);
            assertTrue(f.setup.exists(c));
        }
    }

    @Test
    void aPublicationWithOtherTablesIsRefused(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY)");
        StreamFixture f = new StreamFixture(db, "orders");
        db.execute("CREATE PUBLICATION " + f.names.publication() + " FOR TABLE other");
        try (Connection c = db.connect()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setup.create(c));
            assertTrue(e.getMessage().contains("public.other"), e.getMessage());
            assertFalse(f.setup.exists(c));
        }
    }

    @Test
    void setupNeedsAutocommitRatherThanCommittingTheCallersWork(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        StreamFixture f = new StreamFixture(db, "orders");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            assertThrows(IllegalArgumentException.class, () -> f.setup.create(c));
            c.rollback();
        }
    }

    @Test
    void beatAndMarkUpdateThisSourcesRow(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        StreamFixture f = new StreamFixture(db, "orders").setUp();
        try (Connection c = db.connect()) {
            f.setup.mark(c, "m-1");
            assertEquals(List.of("1|m-1"), rows(c, "SELECT beat, marker FROM partshift.heartbeat WHERE source = 'public.orders'"));
            f.setup.beat(c);
            assertEquals(List.of("2|null"), rows(c, "SELECT beat, marker FROM partshift.heartbeat WHERE source = 'public.orders'"));
            // The statement Debezium runs as its heartbeat does the same.
            try (Statement s = c.createStatement()) {
                s.executeUpdate(f.setup.heartbeatStatement());
            }
            assertEquals(List.of("3|null"), rows(c, "SELECT beat, marker FROM partshift.heartbeat WHERE source = 'public.orders'"));
        }
        StreamFixture other = new StreamFixture(db, "not_set_up");
        try (Connection c = db.connect()) {
            assertThrows(IllegalStateException.class, () -> other.setup.mark(c, "x"));
        }
    }

    @Test
    void dropEndsTheReaderAndRemovesEverythingAndCanRepeat(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        StreamFixture f = new StreamFixture(db, "orders").setUp();
        db.execute("INSERT INTO partshift.offsets (source, key, value) VALUES ('public.orders', 'k', 'v'),"
                + " ('public.other', 'k', 'v')");
        Connection reader = replicationConnection(db);
        try (Connection c = db.connect()) {
            reader.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                    .logical().withSlotName(f.names.slot()).withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", f.names.publication()).start();
            assertEquals(List.of("t"), rows(c, "SELECT active FROM pg_replication_slots WHERE slot_name = ?",
                    f.names.slot()));
            long t0 = System.nanoTime();
            f.setup.drop(c);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "drop waits only for the walsender to exit");
            assertFalse(f.setup.exists(c));
            assertEquals(List.of(), rows(c, "SELECT pubname FROM pg_publication"));
            assertEquals(List.of(), rows(c, "SELECT source FROM partshift.heartbeat"));
            assertEquals(List.of("public.other"), rows(c, "SELECT source FROM partshift.offsets"));
            assertTrue(f.setup.retainedWalBytes(c).isEmpty());
            f.setup.drop(c);
        } finally {
            try {
                reader.close();
            } catch (SQLException expected) {
                // the server ended this connection
            }
        }
    }

    @Test
    void dropBeforeAnySetupIsHarmless(TestDatabase db) throws Exception {
        StreamFixture f = new StreamFixture(db, "orders");
        try (Connection c = db.connect()) {
            f.setup.drop(c);
            assertFalse(f.setup.exists(c));
        }
    }

    private static Connection replicationConnection(TestDatabase db) throws SQLException {
        Properties p = new Properties();
        PGProperty.USER.set(p, db.user());
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "15");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return DriverManager.getConnection(db.url(), p);
    }
}
