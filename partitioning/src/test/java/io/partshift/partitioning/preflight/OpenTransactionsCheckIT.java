package io.partshift.partitioning.preflight;

import io.partshift.localpg.LocalPostgres;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;

@ExtendWith(PostgresExtension.class)
class OpenTransactionsCheckIT {

    @Test
    void passesWhenNoWriterIsOpen(TestDatabase db) throws Exception {
        assertResult(run(new OpenTransactionsCheck(), db, monthly(db, "events", "created_at")), OK,
                "no prepared transactions");
    }

    @Test
    void warnsAboutAnOpenWriterButNotAReader(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");
        OpenTransactionsCheck check = new OpenTransactionsCheck(Duration.ZERO);
        try (Connection writer = db.connect(); Statement st = writer.createStatement();
             Connection reader = db.connect(); Statement rst = reader.createStatement()) {
            reader.setAutoCommit(false);
            rst.execute("SELECT count(*) FROM events"); // a reader takes no xid and does not delay a slot
            assertResult(run(check, db, monthly(db, "events", "created_at")), OK);

            writer.setAutoCommit(false);
            st.execute("INSERT INTO events VALUES (1, '2024-01-01')");
            int pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }

            assertResult(run(check, db, monthly(db, "events", "created_at")), WARN, "replication slot will wait",
                    "pid " + pid + " (postgres on " + db.name(), "pg_terminate_backend");
            writer.rollback();
        }
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesAPreparedTransactionWhichWouldBlockTheSlotForever(TestDatabase db) throws Exception {
        try (LocalPostgres server = LocalPostgres.start(LocalPostgres.Settings.defaults()
                .withSetting("max_prepared_transactions", "2"));
             Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            var spec = TestSpecs.migration(server.jdbcUrl("postgres"), server.superuser(), "public.events",
                    TestSpecs.partitioning(TestSpecs.range("created_at", "1 month")));
            st.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");
            st.execute("BEGIN");
            st.execute("INSERT INTO events VALUES (1, '2024-01-01')");
            st.execute("PREPARE TRANSACTION 'forgotten'");

            assertResult(run(new OpenTransactionsCheck(), c, spec), FAIL, "prepared transaction 'forgotten'",
                    "(database postgres", "wait until it ends", "COMMIT PREPARED 'forgotten'",
                    "ROLLBACK PREPARED 'forgotten'");
            st.execute("ROLLBACK PREPARED 'forgotten'");
            assertResult(run(new OpenTransactionsCheck(), c, spec), OK);
        }
    }
}
