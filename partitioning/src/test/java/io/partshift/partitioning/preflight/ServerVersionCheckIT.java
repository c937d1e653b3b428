package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class ServerVersionCheckIT {
    private final ServerVersionCheck check = new ServerVersionCheck();

    @Test
    void passesOnTheTestServerAndReportsItsVersion(TestDatabase db) throws Exception {
        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, OK, "PostgreSQL 15.");
        try (Connection c = db.connect()) {
            ServerInfo server = ServerInfo.read(c);
            assertTrue(server.versionNum() >= 150000 && server.versionNum() < 160000, server::version);
            assertEquals("logical", server.walLevel());
            assertTrue(server.superuser() && server.mayReplicate() && server.canCreateInDatabase());
        }
    }

    /** No older server is at hand, so the server facts of a real read are aged to 12.11 and 9.6.24. */
    @Test
    void refusesServersOlderThan13(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            PreflightContext real = PreflightContext.read(c, monthly(db, "events", "created_at"));

            assertResult(check.run(aged(real, 120011)), FAIL, "PostgreSQL 12.11 is too old", "13 or newer",
                    "publish_via_partition_root", "upgrade");
            assertResult(check.run(aged(real, 90624)), FAIL, "PostgreSQL 9.6.24 is too old");
            assertResult(check.run(aged(real, 130000)), OK, "PostgreSQL 13.0");
        }
    }

    private static PreflightContext aged(PreflightContext context, int versionNum) {
        ServerInfo s = context.server();
        return new PreflightContext(context.connection(), context.spec(), context.table(), new ServerInfo(versionNum,
                s.walLevel(), s.maxReplicationSlots(), s.replicationSlotsInUse(), s.maxWalSenders(), s.walSendersInUse(),
                s.currentUser(), s.superuser(), s.replicationRole(), s.canCreateInDatabase()));
    }
}
