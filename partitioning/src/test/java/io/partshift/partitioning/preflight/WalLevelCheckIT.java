package io.partshift.partitioning.preflight;

import io.partshift.localpg.LocalPostgres;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;

@ExtendWith(PostgresExtension.class)
class WalLevelCheckIT {
    private final WalLevelCheck check = new WalLevelCheck();

    @Test
    void passesOnALogicalServer(TestDatabase db) throws Exception {
        assertResult(run(check, db, monthly(db, "events", "created_at")), OK, "logical");
    }

    @Test
    void refusesAReplicaServerAndSaysHowToChangeIt(TestDatabase db) throws Exception {
        try (LocalPostgres replica = LocalPostgres.start(LocalPostgres.Settings.defaults()
                .withSetting("wal_level", "replica"));
             Connection c = replica.connect("postgres")) {
            var spec = TestSpecs.migration(replica.jdbcUrl("postgres"), replica.superuser(), "public.events",
                    TestSpecs.partitioning(TestSpecs.range("created_at", "1 month")));

            assertResult(run(check, c, spec), FAIL, "wal_level is replica", "logical decoding",
                    "ALTER SYSTEM SET wal_level = logical", "restart");
        }
    }
}
