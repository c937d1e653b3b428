package io.partshift.partitioning.pruning;

import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import static io.partshift.partitioning.pruning.PruningTables.ACCOUNTS;
import static io.partshift.partitioning.pruning.PruningTables.CAMPAIGN_EVENTS;
import static io.partshift.partitioning.pruning.PruningTables.CLICKS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** LIST, HASH, and LIST with HASH inside. */
@ExtendWith(PostgresExtension.class)
class PruningListHashIT {
    private final PruningCheck check = new PruningCheck();

    @Test
    void listEqualityScansOnePartition(TestDatabase db) throws Exception {
        PruningTables.campaignEvents(db);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, CAMPAIGN_EVENTS,
                    "SELECT sum(amount) FROM campaign_events WHERE campaign_id = 7");
            assertEquals(List.of(CAMPAIGN_EVENTS.withName("campaign_events_c7")), r.scannedPartitions(), r::text);
            assertEquals(10, r.totalPartitions());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void hashEqualityScansThePartitionHoldingTheRow(TestDatabase db) throws Exception {
        PruningTables.hashedAccounts(db);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, ACCOUNTS, "SELECT email FROM accounts WHERE id = 42");
            assertEquals(List.of(ACCOUNTS.withName(partitionHolding(c, "accounts", "id = 42"))),
                    r.scannedPartitions(), r::text);
            assertEquals(8, r.totalPartitions());
            assertEquals(7, r.prunedAtPlanTime());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void bothKeysOfTwoLevelsScanOneLeaf(TestDatabase db) throws Exception {
        PruningTables.twoLevelClicks(db);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, CLICKS, "SELECT count(*) FROM clicks WHERE campaign_id = 3 AND user_id = 42");
            assertEquals(List.of(CLICKS.withName(partitionHolding(c, "clicks", "campaign_id = 3 AND user_id = 42"))),
                    r.scannedPartitions(), r::text);
            assertEquals(16, r.totalPartitions());
            assertEquals(List.of("campaign_id", "user_id"), r.keyColumns());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void theTopKeyAloneScansTheSubPartitionsOfOneTopPartition(TestDatabase db) throws Exception {
        PruningTables.twoLevelClicks(db);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, CLICKS, "SELECT count(*) FROM clicks WHERE campaign_id = 13");
            List<TableRef> campaign3 = IntStream.range(0, 4).mapToObj(h -> CLICKS.withName("clicks_c3_h" + h)).toList();
            assertEquals(campaign3, r.scannedPartitions(), r::text);
            assertEquals(12, r.prunedAtPlanTime());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void theSubPartitionKeyAloneScansOneLeafPerTopPartition(TestDatabase db) throws Exception {
        PruningTables.twoLevelClicks(db);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, CLICKS, "SELECT count(*) FROM clicks WHERE user_id = 42");
            assertEquals(4, r.scanned(), r::text);
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    /** Which leaf PostgreSQL stored the matching row in, so the test does not hard-code hash values. */
    private static String partitionHolding(Connection c, String table, String where) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT tableoid::regclass::text FROM " + table + " WHERE " + where)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
