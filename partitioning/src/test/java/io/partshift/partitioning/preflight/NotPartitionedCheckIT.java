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
class NotPartitionedCheckIT {
    private final NotPartitionedCheck check = new NotPartitionedCheck();

    @Test
    void passesForAPlainTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "ordinary table");
    }

    @Test
    void refusesATableThatIsAlreadyPartitioned(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint, created_at date NOT NULL) PARTITION BY RANGE (created_at)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "public.events is already a partitioned table", "PARTITION OF public.events");
    }

    @Test
    void refusesAPartitionOfAnotherTableAndSaysHowToDetachIt(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint, created_at date NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");

        CheckResult result = run(check, db, monthly(db, "events_2024", "created_at"));

        assertResult(result, FAIL, "public.events_2024 is a partition of public.events",
                "ALTER TABLE public.events DETACH PARTITION public.events_2024");
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events_2024", "created_at")), OK);
    }

    @Test
    void refusesAnInheritanceChild(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE base (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE TABLE events (extra text) INHERITS (base)");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "public.events inherits from public.base", "ALTER TABLE public.events NO INHERIT public.base");
        db.execute(Checks.remedy(result.message(), "ALTER TABLE"));
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK);
    }

    @Test
    void refusesAnInheritanceParentNamingItsChildren(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE TABLE events_archive () INHERITS (events)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), FAIL,
                "public.events has inheritance children (public.events_archive)",
                "ALTER TABLE public.events_archive NO INHERIT public.events");
    }
}
