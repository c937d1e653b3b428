package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;

import static io.partshift.partitioning.TestSpecs.hash;
import static io.partshift.partitioning.TestSpecs.range;
import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static io.partshift.partitioning.preflight.Checks.spec;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class UniqueConstraintsCheckIT {
    private final UniqueConstraintsCheck check = new UniqueConstraintsCheck();

    @Test
    void passesWithoutUniqueConstraintsBesidesThePrimaryKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE INDEX events_created ON events (created_at)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "no unique constraints");
    }

    @Test
    void passesForUniqueKeysThatIncludeThePartitionKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, email text, created_at date NOT NULL,"
                + " CONSTRAINT events_email_day UNIQUE (email, created_at))",
                "CREATE UNIQUE INDEX events_lower_email_day ON events (lower(email), created_at)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "2 unique index(es)");
        // PostgreSQL agrees: both can exist on the partitioned table.
        db.execute("CREATE TABLE p (email text, created_at date, UNIQUE (email, created_at)) PARTITION BY RANGE (created_at)",
                "CREATE UNIQUE INDEX ON p (lower(email), created_at)");
    }

    @Test
    void refusesAUniqueConstraintWithoutThePartitionKeyAndSaysHowToDropIt(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, email text UNIQUE, created_at date NOT NULL)");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "unique constraint events_email_key (email) on public.events",
                "does not contain the partition key created_at", "include created_at",
                "ALTER TABLE public.events DROP CONSTRAINT events_email_key");
        SQLException refused = assertThrows(SQLException.class, () -> db.execute(
                "CREATE TABLE p (email text UNIQUE, created_at date) PARTITION BY RANGE (created_at)"));
        assertTrue(refused.getMessage().contains("must include all partitioning columns"), refused.getMessage());
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesUniqueIndexesIncludingExpressionsAndSaysHowToDropThem(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, email text, code text, created_at date NOT NULL)",
                "CREATE UNIQUE INDEX events_lower_email ON events (lower(email))",
                "CREATE UNIQUE INDEX events_code ON events (code) WHERE code IS NOT NULL");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "unique index events_code (code), unique index events_lower_email (<expression>) on public.events do not"
                        + " contain",
                "DROP INDEX CONCURRENTLY public.events_code; DROP INDEX CONCURRENTLY public.events_lower_email");
    }

    @Test
    void requiresBothLevelsKeys(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, tenant int NOT NULL, created_at date NOT NULL,"
                + " UNIQUE (id, created_at))");

        assertResult(run(check, db, spec(db, "events", range("created_at", "1 month"), hash("tenant", 4))), FAIL,
                "partition key created_at, tenant");
    }

    @Test
    void refusesExclusionConstraints(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE bookings (id bigint PRIMARY KEY, room int NOT NULL, during tstzrange NOT NULL,"
                + " created_at date NOT NULL, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&))");

        assertResult(run(check, db, monthly(db, "bookings", "created_at")), FAIL,
                "public.bookings has exclusion constraint no_overlap", "cannot carry",
                "ALTER TABLE public.bookings DROP CONSTRAINT no_overlap");
    }
}
