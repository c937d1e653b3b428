package io.partshift.partitioning.preflight;

import io.partshift.config.MigrationSpec;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.connectAs;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(PostgresExtension.class)
class PublicationsCheckIT {
    private static final String EVENTS = "CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)";
    private final PublicationsCheck check = new PublicationsCheck();

    @Test
    void passesWithoutPublicationsAndIgnoresPartshiftsOwn(TestDatabase db) throws Exception {
        MigrationSpec spec = monthly(db, "events", "created_at");
        db.execute(EVENTS, "CREATE TABLE other (id int PRIMARY KEY)", "CREATE PUBLICATION others FOR TABLE other",
                "CREATE PUBLICATION " + spec.names().publication() + " FOR TABLE events");

        CheckResult result = run(check, db, spec);

        assertResult(result, OK, "no other publication publishes public.events");
        assertFalse(result.message().contains(spec.names().publication()), result.message());
    }

    @Test
    void failsWithoutPublishViaPartitionRootAndItsRemedyWorks(TestDatabase db) throws Exception {
        db.execute(EVENTS, "CREATE PUBLICATION analytics FOR TABLE events");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, FAIL, "publication analytics publishes public.events without publish_via_partition_root",
                "under each partition's name", "ALTER PUBLICATION analytics SET (publish_via_partition_root = true)");
        db.execute("ALTER PUBLICATION analytics SET (publish_via_partition_root = true)"); // the advice, verbatim
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "publication analytics will publish");
    }

    @Test
    void failsForAPublicationTheMigratingRoleCannotAlter(TestDatabase db) throws Exception {
        String migrator = db.createRole("LOGIN REPLICATION");
        db.execute(EVENTS, "ALTER TABLE events OWNER TO " + migrator,
                "CREATE PUBLICATION analytics FOR TABLE events WITH (publish_via_partition_root = true)");

        try (Connection c = connectAs(db, migrator)) {
            assertResult(run(check, c, monthly(db, "events", "created_at")), FAIL,
                    "publication analytics (owned by postgres)", "only its owner may do");
        }
    }

    @Test
    void warnsThatAPublicationOfAllTablesAlsoPublishesTheShadow(TestDatabase db) throws Exception {
        db.execute(EVENTS, "CREATE PUBLICATION everything FOR ALL TABLES WITH (publish_via_partition_root = true)",
                "CREATE PUBLICATION this_schema FOR TABLES IN SCHEMA public WITH (publish_via_partition_root = true)");

        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN,
                "publications everything, this_schema publish every table of public", "shadow", "old table");
    }
}
