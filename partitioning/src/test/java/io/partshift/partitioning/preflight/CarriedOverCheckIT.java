package io.partshift.partitioning.preflight;

import io.partshift.config.MigrationSpec;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(PostgresExtension.class)
class CarriedOverCheckIT {
    private final CarriedOverCheck check = new CarriedOverCheck();

    @Test
    void passesForABareTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "no triggers");
    }

    @Test
    void warnsAboutTriggersRowLevelSecurityAndPublications(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL, touched timestamptz)",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := now(); RETURN NEW; END$$",
                "CREATE TRIGGER events_touch BEFORE INSERT OR UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch()",
                "CREATE TRIGGER events_audit AFTER DELETE ON events FOR EACH ROW EXECUTE FUNCTION touch()",
                "ALTER TABLE events DISABLE TRIGGER events_audit",
                "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY own_rows ON events USING (true)",
                "CREATE PUBLICATION analytics FOR TABLE events");

        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN,
                "public.events has triggers events_audit (disabled), events_touch", "row-level security",
                "publication analytics", "at cutover", "fires no trigger twice", "TG_TABLE_NAME names the partition");
    }

    @Test
    void leavesPartshiftsOwnPublicationToTheLeftoversCheck(TestDatabase db) throws Exception {
        MigrationSpec spec = monthly(db, "events", "created_at");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE PUBLICATION " + spec.names().publication() + " FOR TABLE events");

        CheckResult result = run(check, db, spec);

        assertResult(result, OK);
        assertFalse(result.message().contains(spec.names().publication()), result.message());
    }
}
