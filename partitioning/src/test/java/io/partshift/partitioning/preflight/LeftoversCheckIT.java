package io.partshift.partitioning.preflight;

import io.partshift.config.MigrationSpec;
import io.partshift.config.Names;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(PostgresExtension.class)
class LeftoversCheckIT {
    private final LeftoversCheck check = new LeftoversCheck();

    @Test
    void passesWhenNothingIsLeft(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE leftover_events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, monthly(db, "leftover_events", "created_at")), OK);
    }

    @Test
    void listsWhatAnEarlierRunLeftAndItsStatementsRemoveIt(TestDatabase db) throws Exception {
        MigrationSpec spec = monthly(db, "leftover_events", "created_at");
        Names names = spec.names();
        db.execute("CREATE TABLE leftover_events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE TABLE " + names.shadow().sql() + " (LIKE leftover_events) PARTITION BY RANGE (created_at)",
                "CREATE TABLE " + names.old().sql() + " (LIKE leftover_events)",
                "CREATE PUBLICATION " + names.publication() + " FOR TABLE leftover_events",
                "SELECT pg_create_logical_replication_slot('" + names.slot() + "', 'pgoutput')",
                "SELECT pg_create_logical_replication_slot('" + names.reverseSlot() + "', 'pgoutput')");

        CheckResult result = run(check, db, spec);

        assertResult(result, FAIL, "an earlier run on public.leftover_events left",
                "table public.leftover_events_partshift", "table public.leftover_events_partshift_old",
                "replication slot partshift_public_leftover_events (database " + db.name() + ")",
                "replication slot partshift_public_leftover_events_rev", "publication partshift_public_leftover_events",
                "DROP TABLE public.leftover_events_partshift; DROP TABLE public.leftover_events_partshift_old",
                "SELECT pg_drop_replication_slot('partshift_public_leftover_events')",
                "DROP PUBLICATION partshift_public_leftover_events",
                "partshift abort --table public.leftover_events");
        assertFalse(result.message().contains("publication partshift_public_leftover_events_rev"), result.message());
        String message = result.message();
        String statements = message.substring(message.indexOf("remove them with ") + "remove them with ".length(),
                message.indexOf("; (partshift abort"));
        db.execute(statements.split("; "));
        assertResult(run(check, db, spec), OK);
    }

    @Test
    void runsWithoutTheTableSinceAFailedRunMayHaveLeftItMissing(TestDatabase db) throws Exception {
        MigrationSpec spec = monthly(db, "gone", "created_at");
        db.execute("CREATE PUBLICATION " + spec.names().reversePublication());

        assertResult(run(check, db, spec), FAIL, "publication partshift_public_gone_rev",
                "DROP PUBLICATION partshift_public_gone_rev");
    }
}
