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
class StreamableColumnsCheckIT {
    private final StreamableColumnsCheck check = new StreamableColumnsCheck();

    @Test
    void passesForTypesThatStreamExactly(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, at time,"
                + " spans timetz[], payload jsonb, amount numeric)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "unchanged");
    }

    @Test
    void refusesTimetzWithTheAlterThatFixesIt(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, opens timetz)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL, "opens (time with time zone)",
                "offset", "ALTER TABLE public.events ALTER COLUMN opens TYPE timestamptz");
    }

    @Test
    void refusesATimetzDomainToo(TestDatabase db) throws Exception {
        db.execute("CREATE DOMAIN opening AS timetz",
                "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, opens opening)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL, "opens (opening)");
    }
}
