package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.connectAs;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(PostgresExtension.class)
class PrivilegesCheckIT {
    // The first statement in each "(...)" of the message: "(ALTER TABLE t OWNER TO r, or GRANT o TO r)" gives the first.
    private static final Pattern ADVICE = Pattern.compile("\\(((?:ALTER|GRANT) [^()]*?)(?:, or [^()]*)?\\)");

    private final PrivilegesCheck check = new PrivilegesCheck();

    @Test
    void passesForTheSuperuser(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "is a superuser");
    }

    @Test
    void listsEverythingAPlainRoleLacksAndItsAdviceIsEnough(TestDatabase db) throws Exception {
        String role = db.createRole("LOGIN");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        CheckResult result = runAs(db, role);

        assertResult(result, FAIL, "role " + role + " lacks", "ALTER ROLE " + role + " REPLICATION",
                "GRANT USAGE, CREATE ON SCHEMA public TO " + role, "owned by postgres",
                "ALTER TABLE public.events OWNER TO " + role, "GRANT CREATE ON DATABASE " + db.name() + " TO " + role,
                "the state schema partshift");
        db.execute(advice(result.message()).toArray(String[]::new));
        assertResult(runAs(db, role), OK, "may replicate, owns public.events");
    }

    @Test
    void acceptsOwnershipThroughAnInheritedRole(TestDatabase db) throws Exception {
        String owner = db.createRole("NOLOGIN");
        String user = db.createRole("LOGIN REPLICATION IN ROLE " + owner);
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "ALTER TABLE events OWNER TO " + owner, "GRANT USAGE, CREATE ON SCHEMA public TO " + user,
                "GRANT CREATE ON DATABASE " + db.name() + " TO " + user);

        assertResult(runAs(db, user), OK);
    }

    @Test
    void asksForCreateOnTheDatabaseEvenWhenTheStateSchemaExistsBecausePublicationsNeedIt(TestDatabase db)
            throws Exception {
        String role = db.createRole("LOGIN REPLICATION");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "ALTER TABLE events OWNER TO " + role, "GRANT USAGE, CREATE ON SCHEMA public TO " + role,
                "CREATE SCHEMA partshift AUTHORIZATION " + role);

        CheckResult result = runAs(db, role);

        assertResult(result, FAIL, "CREATE on database " + db.name() + " for the publication (GRANT CREATE ON DATABASE");
        assertFalse(result.message().contains("state schema"), result.message());
        // The reason, shown by PostgreSQL itself: the role owns the table and still may not publish it.
        try (Connection c = connectAs(db, role); Statement st = c.createStatement()) {
            SQLException denied = assertThrows(SQLException.class,
                    () -> st.execute("CREATE PUBLICATION probe FOR TABLE events"));
            assertEquals("42501", denied.getSQLState(), denied.getMessage());
        }
    }

    @Test
    void asksForCreateOnAStateSchemaSomeoneElseOwns(TestDatabase db) throws Exception {
        String role = db.createRole("LOGIN REPLICATION");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "ALTER TABLE events OWNER TO " + role, "GRANT USAGE, CREATE ON SCHEMA public TO " + role,
                "GRANT CREATE ON DATABASE " + db.name() + " TO " + role, "CREATE SCHEMA partshift");

        CheckResult result = runAs(db, role);

        assertResult(result, FAIL, "CREATE on the state schema partshift", "GRANT USAGE, CREATE ON SCHEMA partshift TO "
                + role);
        db.execute(advice(result.message()).toArray(String[]::new));
        assertResult(runAs(db, role), OK);
    }

    private CheckResult runAs(TestDatabase db, String role) throws SQLException {
        try (Connection c = connectAs(db, role)) {
            return run(check, c, monthly(db, "events", "created_at"));
        }
    }

    private static List<String> advice(String message) {
        List<String> statements = new ArrayList<>();
        Matcher m = ADVICE.matcher(message);
        while (m.find()) {
            statements.add(m.group(1));
        }
        return statements;
    }
}
