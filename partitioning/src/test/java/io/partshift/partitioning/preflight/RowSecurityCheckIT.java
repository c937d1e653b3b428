package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.connectAs;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(PostgresExtension.class)
class RowSecurityCheckIT {
    private final RowSecurityCheck check = new RowSecurityCheck();

    @Test
    void failsWhenForcedPoliciesWouldHideRowsFromTheOwnerAndPassesOnceItBypassesThem(TestDatabase db) throws Exception {
        String migrator = db.createRole("LOGIN REPLICATION");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "INSERT INTO events SELECT g, date '2026-01-01' + g FROM generate_series(1, 10) g",
                "ALTER TABLE events OWNER TO " + migrator,
                "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY first_days ON events USING (id <= 3)");
        try (Connection c = connectAs(db, migrator)) {
            assertResult(run(check, c, monthly(db, "events", "created_at")), OK, "does not apply");
        }

        db.execute("ALTER TABLE events FORCE ROW LEVEL SECURITY");
        try (Connection c = connectAs(db, migrator); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            assertEquals(3, rs.getLong(1), "what a copy by the owner would see");
            assertResult(run(check, c, monthly(db, "events", "created_at")), FAIL, "FORCE ROW LEVEL SECURITY",
                    "silently leave out", "ALTER ROLE " + migrator + " BYPASSRLS");
        }

        db.execute("ALTER ROLE " + migrator + " BYPASSRLS");
        try (Connection c = connectAs(db, migrator)) {
            assertResult(run(check, c, monthly(db, "events", "created_at")), OK, "bypasses");
        }
    }
}
