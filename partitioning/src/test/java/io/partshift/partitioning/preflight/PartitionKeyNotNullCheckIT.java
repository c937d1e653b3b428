package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.partshift.partitioning.TestSpecs.list;
import static io.partshift.partitioning.TestSpecs.range;
import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static io.partshift.partitioning.preflight.Checks.spec;

@ExtendWith(PostgresExtension.class)
class PartitionKeyNotNullCheckIT {
    private final PartitionKeyNotNullCheck check = new PartitionKeyNotNullCheck();

    @Test
    void passesForANotNullColumn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "created_at cannot be NULL");
    }

    @Test
    void countsTheNullsThatCouldNotBeCopied(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date)",
                "INSERT INTO events SELECT g, CASE WHEN g % 4 = 0 THEN NULL ELSE date '2024-01-01' + g END"
                        + " FROM generate_series(1, 10) g");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "column created_at of public.events is NULL in 2 rows", "primary key",
                "UPDATE public.events SET created_at = ... WHERE created_at IS NULL", "another column");
    }

    @Test
    void refusesANullableColumnWithoutNullsAndItsRemedyMakesItPass(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date)",
                "INSERT INTO events VALUES (1, '2024-01-01')");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "column created_at of public.events allows NULL", "during the migration",
                "ALTER TABLE public.events ADD CONSTRAINT events_created_at_not_null CHECK (created_at IS NOT NULL)"
                        + " NOT VALID; ALTER TABLE public.events VALIDATE CONSTRAINT events_created_at_not_null;");
        // The advice, run as given, is what the check then accepts as NOT NULL.
        String advice = result.message().substring(result.message().indexOf("ALTER TABLE"));
        db.execute(advice.split(";\\s*"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void doesNotTrustANotNullCheckThatIsNotValidated(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date)",
                "ALTER TABLE events ADD CONSTRAINT created_set CHECK (created_at IS NOT NULL) NOT VALID");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL, "allows NULL");
    }

    @Test
    void doesNotMistakeAWiderCheckForNotNull(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date, other date,"
                + " CONSTRAINT either CHECK (created_at IS NOT NULL OR other IS NOT NULL))");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL, "allows NULL");
    }

    @Test
    void acceptsAValidatedNotNullCheckOnAQuotedColumn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, \"Day\" date CHECK (\"Day\" IS NOT NULL))");

        assertResult(run(check, db, monthly(db, "events", "Day")), OK);
    }

    @Test
    void checksTheSubLevelColumnToo(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL, region text)",
                "INSERT INTO events VALUES (1, '2024-01-01', NULL)");

        assertResult(run(check, db, spec(db, "events", range("created_at", "1 month"), list("region"))), FAIL,
                "column region of public.events is NULL in 1 row");
    }
}
