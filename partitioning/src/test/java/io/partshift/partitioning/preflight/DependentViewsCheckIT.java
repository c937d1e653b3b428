package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
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
                "CREATE MATERIALIZED VIEW reporting.daily AS SELECT created_at, count(*) FROM events GROUP BY 1");

        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN,
                "materialized view reporting.daily", "view reporting.recent", "by OID", "recreates them",
                "until then they keep reading the current table");
    }
}
