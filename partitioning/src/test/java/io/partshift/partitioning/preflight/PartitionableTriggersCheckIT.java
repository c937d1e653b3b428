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
class PartitionableTriggersCheckIT {
    private final PartitionableTriggersCheck check = new PartitionableTriggersCheck();

    @Test
    void passesForTriggersAPartitionedTableCanHave(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$",
                "CREATE TRIGGER per_row AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION noop()",
                "CREATE TRIGGER per_statement AFTER INSERT ON events REFERENCING NEW TABLE AS added"
                        + " FOR EACH STATEMENT EXECUTE FUNCTION noop()");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "can be recreated");
    }

    @Test
    void failsForARowTriggerWithATransitionTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$",
                "CREATE TRIGGER row_changes AFTER UPDATE ON events REFERENCING OLD TABLE AS before_rows"
                        + " FOR EACH ROW EXECUTE FUNCTION noop()");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL, "trigger row_changes on public.events",
                "FOR EACH ROW with a transition table", "FOR EACH STATEMENT");
    }
}
