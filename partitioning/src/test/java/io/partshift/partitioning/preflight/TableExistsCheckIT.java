package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;

@ExtendWith(PostgresExtension.class)
class TableExistsCheckIT {
    private final TableExistsCheck check = new TableExistsCheck();

    @Test
    void passesForAnOrdinaryTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE public.events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL)");

        assertResult(run(check, db, monthly(db, "public.events", "created_at")), OK, "public.events");
    }

    @Test
    void failsForAMissingTableAndSaysWhereToLook(TestDatabase db) throws Exception {
        assertResult(run(check, db, monthly(db, "public.nope", "created_at")), FAIL,
                "public.nope", "does not exist", "--table", "--url");
    }

    @Test
    void namesATableOfTheSameNameInAnotherSchemaOrCase(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA sales", "CREATE TABLE sales.orders (id int PRIMARY KEY)",
                "CREATE TABLE public.\"Orders\" (id int PRIMARY KEY)");

        assertResult(run(check, db, monthly(db, "public.orders", "created_at")), FAIL,
                "public.orders does not exist", "public.\"Orders\"", "sales.orders", "--table", "double quotes");
    }

    @Test
    void refusesAViewByWhatItIs(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE base (id int PRIMARY KEY, created_at date NOT NULL)",
                "CREATE VIEW recent AS SELECT * FROM base");

        assertResult(run(check, db, monthly(db, "public.recent", "created_at")), FAIL,
                "public.recent is a view", "ordinary table", "the table it reads from");
    }

    @Test
    void refusesMaterializedViewsSequencesAndForeignTables(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE base (id int PRIMARY KEY, created_at date NOT NULL)",
                "CREATE MATERIALIZED VIEW snap AS SELECT * FROM base",
                "CREATE SEQUENCE counter",
                "CREATE FOREIGN DATA WRAPPER dummy",
                "CREATE SERVER nowhere FOREIGN DATA WRAPPER dummy",
                "CREATE FOREIGN TABLE remote (id int, created_at date) SERVER nowhere");

        assertResult(run(check, db, monthly(db, "public.snap", "created_at")), FAIL, "public.snap is a materialized view");
        assertResult(run(check, db, monthly(db, "public.counter", "created_at")), FAIL, "public.counter is a sequence");
        assertResult(run(check, db, monthly(db, "public.remote", "created_at")), FAIL, "public.remote is a foreign table");
    }
}
