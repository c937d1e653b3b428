package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(PostgresExtension.class)
class NotValidConstraintsCheckIT {
    private final NotValidConstraintsCheck check = new NotValidConstraintsCheck();

    @Test
    void passesWhenEverythingIsValid(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, amount int CHECK (amount > 0), created_at date NOT NULL)",
                "CREATE INDEX events_amount ON events (amount)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "valid");
    }

    @Test
    void refusesANotValidCheckUntilItIsValidated(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, amount int, created_at date NOT NULL)",
                "INSERT INTO events VALUES (1, 5, '2024-01-01')",
                "ALTER TABLE events ADD CONSTRAINT positive_amount CHECK (amount > 0) NOT VALID");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "constraint positive_amount on public.events is NOT VALID",
                "ALTER TABLE public.events VALIDATE CONSTRAINT positive_amount", "or drop it");
        db.execute(Checks.remedy(result.message(), "ALTER TABLE").replaceAll(", or drop it$", ""));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesANotValidForeignKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE customers (id bigint PRIMARY KEY)",
                "CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint, created_at date NOT NULL)",
                "ALTER TABLE events ADD CONSTRAINT events_customer FOREIGN KEY (customer_id) REFERENCES customers NOT VALID");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "constraint events_customer on public.events is NOT VALID", "VALIDATE CONSTRAINT events_customer");
        // Why: PostgreSQL 15 cannot give the partitioned table such a key at all.
        assertThrows(SQLException.class, () -> db.execute(
                "CREATE TABLE p (customer_id bigint, created_at date) PARTITION BY RANGE (created_at)",
                "ALTER TABLE p ADD FOREIGN KEY (customer_id) REFERENCES customers NOT VALID"));
    }

    @Test
    void refusesAnInvalidIndexLeftByAFailedConcurrentBuild(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, code text, created_at date NOT NULL)",
                "INSERT INTO events VALUES (1, 'x', '2024-01-01'), (2, 'x', '2024-01-02')");
        assertThrows(SQLException.class, () -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY events_code ON events (code)"));

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "index public.events_code on public.events is invalid",
                "REINDEX INDEX CONCURRENTLY public.events_code", "DROP INDEX CONCURRENTLY public.events_code");
        db.execute("DROP INDEX CONCURRENTLY public.events_code");
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }
}
