package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(PostgresExtension.class)
class ReplicaIdentityCheckIT {
    private final ReplicaIdentityCheck check = new ReplicaIdentityCheck();

    @Test
    void passesForTheDefaultIdentityWithAPrimaryKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "DEFAULT");
    }

    @Test
    void refusesIdentityNothingBecauseAPublicationWouldBreakTheApplicationsUpdates(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "ALTER TABLE events REPLICA IDENTITY NOTHING", "INSERT INTO events VALUES (1, '2024-01-01')");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "public.events has REPLICA IDENTITY NOTHING", "UPDATE and DELETE",
                "ALTER TABLE public.events REPLICA IDENTITY DEFAULT");
        // What the check protects against, on a scratch copy: in a publication, the UPDATE fails at once.
        db.execute("CREATE TABLE scratch (LIKE events INCLUDING ALL)", "ALTER TABLE scratch REPLICA IDENTITY NOTHING",
                "INSERT INTO scratch VALUES (1, '2024-01-01')", "CREATE PUBLICATION scratch_pub FOR TABLE scratch");
        SQLException refused = assertThrows(SQLException.class, () -> db.execute("UPDATE scratch SET created_at = now()"));
        assertEquals("55000", refused.getSQLState(), refused.getMessage());
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesTheDefaultIdentityWithoutAPrimaryKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "REPLICA IDENTITY DEFAULT but no primary key", "has-primary-key");
    }

    @Test
    void acceptsFullButNotesItsCost(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "ALTER TABLE events REPLICA IDENTITY FULL");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "FULL", "whole old row");
    }

    @Test
    void warnsAboutAnIdentityIndexThatContainsThePrimaryKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, code text NOT NULL, created_at date NOT NULL)",
                "CREATE UNIQUE INDEX events_id_code ON events (id, code)",
                "ALTER TABLE events REPLICA IDENTITY USING INDEX events_id_code");

        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN,
                "REPLICA IDENTITY USING INDEX events_id_code", "primary key", "after cutover");
    }

    @Test
    void refusesAnIdentityIndexWithoutThePrimaryKeyBecauseDeletesWouldNotCarryIt(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, code text NOT NULL, created_at date NOT NULL)",
                "CREATE UNIQUE INDEX events_code_key ON events (code)",
                "ALTER TABLE events REPLICA IDENTITY USING INDEX events_code_key");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "REPLICA IDENTITY USING INDEX events_code_key (code)", "delete events",
                "ALTER TABLE public.events REPLICA IDENTITY DEFAULT");
    }
}
