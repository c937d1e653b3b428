package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.partshift.partitioning.TestSpecs.hash;
import static io.partshift.partitioning.TestSpecs.range;
import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static io.partshift.partitioning.preflight.Checks.spec;

@ExtendWith(PostgresExtension.class)
class PartitionKeyExistsCheckIT {
    private final PartitionKeyExistsCheck check = new PartitionKeyExistsCheck();

    @Test
    void passesWhenBothLevelsNameStoredColumns(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, spec(db, "events", range("created_at", "1 month"), hash("id", 4))), OK,
                "created_at, id");
    }

    @Test
    void failsForAMissingColumnListingTheTablesColumns(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL, tenant int NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "created")), FAIL,
                "public.events has no column created for --partition-by", "id, created_at, tenant");
        assertResult(run(check, db, spec(db, "events", range("created_at", "1 month"), hash("tenant_id", 4))), FAIL,
                "no column tenant_id for --subpartition-by");
    }

    @Test
    void pointsAtTheQuotedSpellingWhenOnlyTheCaseDiffers(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, \"CreatedAt\" date NOT NULL)");

        assertResult(run(check, db, monthly(db, "events", "createdat")), FAIL,
                "no column createdat", "\"CreatedAt\"", "double quotes");
    }

    @Test
    void refusesAGeneratedColumnAndNamesWhatItIsComputedFrom(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,"
                + " day date GENERATED ALWAYS AS ((created_at AT TIME ZONE 'UTC')::date) STORED)");

        assertResult(run(check, db, monthly(db, "events", "day")), FAIL,
                "column day of public.events is generated", "created_at", "--partition-by");
    }

    @Test
    void refusesTheSameColumnOnBothLevels(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        assertResult(run(check, db, spec(db, "events", range("created_at", "1 year"), range("created_at", "1 month"))),
                FAIL, "both use column created_at", "--subpartition-by another column");
    }
}
