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
class InboundForeignKeysCheckIT {
    private final InboundForeignKeysCheck check = new InboundForeignKeysCheck();

    @Test
    void passesWhenOnlyTheSourceReferencesOthers(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE customers (id bigint PRIMARY KEY)",
                "CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers,"
                        + " created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "no foreign keys reference public.events");
    }

    @Test
    void refusesAForeignKeyFromAnotherTableAndSaysToRecreateItAfterwards(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE SCHEMA billing",
                "CREATE TABLE billing.charges (id bigint PRIMARY KEY, event_id bigint REFERENCES public.events (id))");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "foreign key charges_event_id_fkey on billing.charges",
                "FOREIGN KEY (event_id) REFERENCES", "references public.events", "old table",
                "ALTER TABLE billing.charges DROP CONSTRAINT charges_event_id_fkey",
                "recreate it afterwards against a unique key that includes the partition key created_at");
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesASelfReference(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, parent_id bigint REFERENCES events (id),"
                + " created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "events_parent_id_fkey on public.events", "ALTER TABLE public.events DROP CONSTRAINT events_parent_id_fkey");
    }

    @Test
    void listsEveryReferencingKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE TABLE a (event_id bigint REFERENCES events)", "CREATE TABLE b (event_id bigint REFERENCES events)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL, "foreign keys a_event_id_fkey on public.a",
                "b_event_id_fkey on public.b", "drop them",
                "ALTER TABLE public.a DROP CONSTRAINT a_event_id_fkey; ALTER TABLE public.b DROP CONSTRAINT b_event_id_fkey");
    }
}
