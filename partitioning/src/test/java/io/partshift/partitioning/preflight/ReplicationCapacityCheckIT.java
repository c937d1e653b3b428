package io.partshift.partitioning.preflight;

import io.partshift.config.MigrationSpec;
import io.partshift.localpg.LocalPostgres;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;

@ExtendWith(PostgresExtension.class)
class ReplicationCapacityCheckIT {
    private final ReplicationCapacityCheck check = new ReplicationCapacityCheck();

    @Test
    void passesWithRoomToSpare(TestDatabase db) throws Exception {
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "replication slots", "WAL senders");
    }

    @Test
    void countsExistingSlotsAgainstMaxReplicationSlots(TestDatabase db) throws Exception {
        try (LocalPostgres server = LocalPostgres.start(LocalPostgres.Settings.defaults()
                .withSetting("max_replication_slots", "2"));
             Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            assertResult(run(check, c, spec(server)), OK, "2 of 2 replication slots");

            // An idle slot still takes a place.
            st.execute("SELECT pg_create_logical_replication_slot('someone_elses', 'pgoutput')");

            assertResult(run(check, c, spec(server)), FAIL, "only 1 of max_replication_slots = 2 is free (1 in use)",
                    "needs 2", "reverse stream", "pg_replication_slots", "raise max_replication_slots");
            // An unprivileged role counts the same: preflight must not pass just because it sees less.
            st.execute("CREATE ROLE watcher LOGIN");
            try (Connection watcher = connectAs(server, "watcher")) {
                assertResult(run(check, watcher, spec(server)), FAIL, "only 1 of max_replication_slots = 2 is free");
            }
        }
    }

    @Test
    void countsConnectedWalSendersAgainstMaxWalSenders(TestDatabase db) throws Exception {
        try (LocalPostgres server = LocalPostgres.start(LocalPostgres.Settings.defaults()
                .withSetting("max_wal_senders", "2"));
             Connection c = server.connect("postgres");
             Connection walsender = replicationConnection(server)) {
            assertResult(run(check, c, spec(server)), FAIL, "only 1 of max_wal_senders = 2 is free (1 in use)",
                    "raise max_wal_senders");
            try (Statement st = c.createStatement()) {
                st.execute("CREATE ROLE watcher LOGIN");
            }
            try (Connection watcher = connectAs(server, "watcher")) {
                assertResult(run(check, watcher, spec(server)), FAIL, "only 1 of max_wal_senders = 2 is free");
            }
        }
    }

    private static MigrationSpec spec(LocalPostgres server) {
        return TestSpecs.migration(server.jdbcUrl("postgres"), server.superuser(), "public.events",
                TestSpecs.partitioning(TestSpecs.range("created_at", "1 month")));
    }

    private static Connection connectAs(LocalPostgres server, String role) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", role);
        return DriverManager.getConnection(server.jdbcUrl("postgres"), props);
    }

    /** A logical replication connection: the server gives it a WAL sender for as long as it is open. */
    private static Connection replicationConnection(LocalPostgres server) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", server.superuser());
        props.setProperty("replication", "database");
        props.setProperty("assumeMinServerVersion", "10");
        props.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection(server.jdbcUrl("postgres"), props);
    }
}
