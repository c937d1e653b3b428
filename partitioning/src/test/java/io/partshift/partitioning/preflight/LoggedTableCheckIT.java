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
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;

@ExtendWith(PostgresExtension.class)
class LoggedTableCheckIT {
    private final LoggedTableCheck check = new LoggedTableCheck();

    @Test
    void passesForAPermanentTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "WAL-logged");
    }

    @Test
    void refusesAnUnloggedTableUntilItIsSetLogged(TestDatabase db) throws Exception {
        db.execute("CREATE UNLOGGED TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "public.events is UNLOGGED", "logical decoding", "ALTER TABLE public.events SET LOGGED");
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesATemporaryTable(TestDatabase db) throws Exception {
        // A temporary table is only visible in its own session, so the check runs on that connection.
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE scratch (id bigint PRIMARY KEY, created_at date NOT NULL)");
            String schema;
            try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")) {
                rs.next();
                schema = rs.getString(1);
            }

            assertResult(run(check, c, monthly(db, schema + ".scratch", "created_at")), FAIL,
                    schema + ".scratch is a TEMPORARY table", "ordinary table");
        }
    }
}
