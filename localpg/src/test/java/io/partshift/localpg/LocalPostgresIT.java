package io.partshift.localpg;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;

@ExtendWith(PostgresExtension.class)
class LocalPostgresIT {

    /** Databases and roles of earlier repetitions, to check they were dropped. */
    private static final List<String> EARLIER_DATABASES = new ArrayList<>();
    private static final List<String> EARLIER_ROLES = new ArrayList<>();

    @Test
    void serverIsConfiguredForLogicalDecoding(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            assertEquals("logical", show(c, "wal_level"));
            assertEquals("32", show(c, "max_replication_slots"));
            assertEquals("32", show(c, "max_wal_senders"));
            assertEquals("200", show(c, "max_connections"));
            assertEquals("off", show(c, "fsync"));
            assertEquals("on", show(c, "synchronous_commit"));
            assertEquals("127.0.0.1", show(c, "listen_addresses"));
            assertTrue(show(c, "unix_socket_directories").contains("partshift-pg-"));
            assertEquals(db.name(), scalar(c, "SELECT current_database()"));
            assertEquals("postgres", scalar(c, "SELECT current_user"));
            assertEquals("on", show(c, "is_superuser"));
            assertTrue(c.getAutoCommit());
        }
        LocalPostgres server = db.server();
        assertEquals("127.0.0.1", server.host());
        assertEquals("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + db.name(), db.url());
        assertTrue(Files.isExecutable(server.binDir().resolve("postgres")), server.binDir().toString());
    }

    @Test
    void logicalSlotOverReplicationConnectionExportsUsableSnapshot(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        try (Connection repl = replicationConnection(db.server(), db.name())) {
            ReplicationSlotInfo slot = repl.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot()
                    .logical().withSlotName("partshift_test").withOutputPlugin("pgoutput").make();
            assertNotNull(slot.getSnapshotName(), "no exported snapshot");
            assertTrue(slot.getSnapshotName().matches("[0-9A-F]+-[0-9A-F]+-[0-9]+"), slot.getSnapshotName());
            db.execute("INSERT INTO t VALUES (2)");
            // The exporting connection stays idle until the snapshot is imported: any command would end it.
            try (Connection copier = db.connect()) {
                copier.setAutoCommit(false);
                copier.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (Statement st = copier.createStatement()) {
                    st.execute("SET TRANSACTION SNAPSHOT '" + slot.getSnapshotName() + "'");
                    assertEquals("1", scalar(copier, "SELECT count(*) FROM t"), "the snapshot sees rows from before the slot only");
                }
                copier.rollback();
            }
        }
        try (Connection c = db.connect()) {
            assertEquals("pgoutput", scalar(c, "SELECT plugin FROM pg_replication_slots WHERE slot_name = 'partshift_test'"));
        }
    }

    @RepeatedTest(2)
    void eachTestGetsItsOwnDatabaseAndRolesThatAreDroppedAfterIt(TestDatabase db) throws Exception {
        String role = db.createRole("LOGIN");
        Properties asRole = new Properties();
        asRole.setProperty("user", role);
        try (Connection c = DriverManager.getConnection(db.url(), asRole)) {
            assertEquals(role, scalar(c, "SELECT current_user"));
        }
        try (Connection c = db.server().connect("postgres")) {
            for (String earlier : EARLIER_DATABASES) {
                assertNotEquals(earlier, db.name());
                assertEquals("0", scalar(c, "SELECT count(*) FROM pg_database WHERE datname = '" + earlier + "'"), earlier);
            }
            for (String earlier : EARLIER_ROLES) {
                assertEquals("0", scalar(c, "SELECT count(*) FROM pg_roles WHERE rolname = '" + earlier + "'"), earlier);
            }
        }
        EARLIER_DATABASES.add(db.name());
        EARLIER_ROLES.add(role);
    }

    @Test
    void dropDatabaseEndsWalsendersAndDropsSlotsFirst(TestDatabase db) throws Exception {
        LocalPostgres server = db.server();
        String other = db.name() + "_slotted";
        server.createDatabase(other);
        try (Connection c = server.connect(other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY)");
            st.execute("CREATE PUBLICATION p FOR TABLE t");
            st.execute("SELECT pg_create_logical_replication_slot('idle_slot', 'pgoutput')");
        }
        Connection repl = replicationConnection(server, other);
        try {
            PGConnection pg = repl.unwrap(PGConnection.class);
            pg.getReplicationAPI().createReplicationSlot().logical().withSlotName("active_slot")
                    .withOutputPlugin("pgoutput").make();
            PGReplicationStream stream = pg.getReplicationAPI().replicationStream().logical()
                    .withSlotName("active_slot").withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", "p").start();
            assertNotNull(stream);
            awaitActive(server, "active_slot");

            server.dropDatabase(other);

            try (Connection c = server.connect("postgres")) {
                assertEquals("0", scalar(c, "SELECT count(*) FROM pg_database WHERE datname = '" + other + "'"));
                assertEquals("0", scalar(c, "SELECT count(*) FROM pg_replication_slots WHERE database = '" + other + "'"));
            }
        } finally {
            try {
                repl.close();
            } catch (SQLException expected) {
                // its walsender was terminated
            }
        }
    }

    @Test
    void secondServerWithOtherSettingsRunsBesideTheFirst(TestDatabase db) throws Exception {
        LocalPostgres replica = LocalPostgres.start(LocalPostgres.Settings.defaults().withSetting("wal_level", "replica"));
        try {
            assertNotEquals(db.server().port(), replica.port());
            try (Connection c = replica.connect("postgres")) {
                assertEquals("replica", show(c, "wal_level"));
            }
            try (Connection c = db.connect()) {
                assertEquals("logical", show(c, "wal_level"));
            }
        } finally {
            replica.close();
        }
        assertThrows(SQLException.class, () -> replica.connect("postgres").close(), "server still answers after close()");
        assertDoesNotThrow(replica::close, "close() must be idempotent");
    }

    /** Either way is acceptable here, but only with a clear answer: a running 15, or an error that says why. */
    @Test
    void embeddedStrategyStartsOrExplainsWhyNot() throws Exception {
        LocalPostgres embedded;
        try {
            embedded = LocalPostgres.start(LocalPostgres.Settings.defaults(), List.of(LocalPostgres.Strategy.EMBEDDED));
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            assertTrue(m.contains("embedded binaries") && m.contains("user namespaces"), m);
            assertFalse(m.contains("system binaries"), "only the embedded strategy was asked for: " + m);
            return;
        }
        try (embedded; Connection c = embedded.connect("postgres")) {
            assertEquals(LocalPostgres.Strategy.EMBEDDED, embedded.strategy());
            assertTrue(scalar(c, "SELECT version()").startsWith("PostgreSQL 15."), scalar(c, "SELECT version()"));
            assertEquals("logical", show(c, "wal_level"));
        }
    }

    static Connection replicationConnection(LocalPostgres server, String database) throws SQLException {
        Properties p = new Properties();
        PGProperty.USER.set(p, server.superuser());
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return DriverManager.getConnection(server.jdbcUrl(database), p);
    }

    private static void awaitActive(LocalPostgres server, String slot) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        try (Connection c = server.connect("postgres");
             PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("slot " + slot + " did not become active");
    }

    private static String show(Connection c, String setting) throws SQLException {
        return scalar(c, "SHOW " + setting);
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "no row from " + sql);
            return rs.getString(1);
        }
    }
}
