package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.connectAs;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.remedy;
import static io.partshift.partitioning.preflight.Checks.run;

@ExtendWith(PostgresExtension.class)
class DependentViewsCheckIT {
    private final DependentViewsCheck check = new DependentViewsCheck();

    @Test
    void passesWithoutViews(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE TABLE other (id int)", "CREATE VIEW other_view AS SELECT * FROM other");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "no views read public.events");
    }

    @Test
    void warnsNamingEachViewThatReadsTheSource(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE SCHEMA reporting",
                "CREATE VIEW reporting.recent AS SELECT * FROM public.events WHERE created_at > now() - interval '7 days'",
                "CREATE VIEW reporting.ids AS SELECT id FROM events");

        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN,
                "view reporting.ids", "view reporting.recent", "by OID", "recreates them",
                "until then they keep reading the current table");
    }

    @Test
    void failsForAMaterializedViewAndItsRemedyWorks(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE SCHEMA reporting",
                "CREATE VIEW reporting.recent AS SELECT * FROM public.events",
                "CREATE MATERIALIZED VIEW reporting.daily AS SELECT created_at, count(*) FROM events GROUP BY 1");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "materialized view reporting.daily", "can neither re-point",
                "create it again after cutover");
        db.execute(remedy(result.message(), "DROP MATERIALIZED VIEW"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN, "view reporting.recent");
    }

    @Test
    void failsForAViewTheMigratingRoleCannotReplace(TestDatabase db) throws Exception {
        String migrator = db.createRole("LOGIN REPLICATION");
        String analyst = db.createRole("");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "ALTER TABLE events OWNER TO " + migrator,
                "GRANT SELECT ON events TO " + analyst,
                "CREATE VIEW analyst_view AS SELECT id FROM events",
                "ALTER VIEW analyst_view OWNER TO " + analyst);

        try (Connection c = connectAs(db, migrator)) {
            assertResult(run(check, c, monthly(db, "events", "created_at")), FAIL, "public.analyst_view (owned by "
                    + analyst + ")", "only the owner may do", "grant the owner's role to " + migrator);
        }
        db.execute("GRANT " + analyst + " TO " + migrator);
        try (Connection c = connectAs(db, migrator)) {
            assertResult(run(check, c, monthly(db, "events", "created_at")), WARN, "view public.analyst_view");
        }
    }
}
