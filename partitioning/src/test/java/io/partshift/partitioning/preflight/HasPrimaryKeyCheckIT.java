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
class HasPrimaryKeyCheckIT {
    private final HasPrimaryKeyCheck check = new HasPrimaryKeyCheck();

    @Test
    void passesAndNamesThePrimaryKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint, created_at date NOT NULL, PRIMARY KEY (id, created_at))");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "events_pkey", "id, created_at");
    }

    @Test
    void failsWithoutAPrimaryKeyAndSaysHowToAddOneWithoutALongLock(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "public.events has no primary key", "CREATE UNIQUE INDEX CONCURRENTLY",
                "ALTER TABLE public.events ADD PRIMARY KEY USING INDEX");
    }

    @Test
    void suggestsPromotingAUniqueIndexOverNotNullColumns(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint NOT NULL, note text, created_at date NOT NULL)",
                "CREATE UNIQUE INDEX events_note_key ON events (note)", // nullable: cannot become the key
                "CREATE UNIQUE INDEX events_id_key ON events (id)");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "ALTER TABLE public.events ADD PRIMARY KEY USING INDEX events_id_key");
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "events_id_key (id)");
    }
}
