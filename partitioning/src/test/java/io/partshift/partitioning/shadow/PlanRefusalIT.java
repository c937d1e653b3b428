package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.PartitioningSpec;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans that must be refused, and creations that must leave nothing behind. */
@ExtendWith(PostgresExtension.class)
class PlanRefusalIT {
    private static ShadowScenario source(TestDatabase db) throws SQLException {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "created_at, campaign_id, country", 3000,
                "3 hours 17 minutes");
        return s;
    }

    private static PartitioningSpec withMax(io.partshift.config.PartitionLevel top, boolean defaultPartition, int max) {
        return new PartitioningSpec(top, Optional.empty(), defaultPartition, 3, Optional.empty(), max);
    }

    private static long relations(ShadowScenario s, String like) throws SQLException {
        return s.longValue("SELECT count(*) FROM pg_class WHERE relname LIKE '" + like + "'");
    }

    @Test
    void tooManyMonthsAreRefusedNamingTheOptions(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        BadInputException e = assertThrows(BadInputException.class,
                () -> s.plan(withMax(TestSpecs.range("created_at", "1 month"), true, 5)));
        // January 2025 through March 2026, three premade, and DEFAULT
        assertEquals("the plan would create 19 leaf partitions, more than --max-partitions 5: use a bigger --interval"
                + " or raise --max-partitions.", e.getMessage());
    }

    @Test
    void tooManyListValuesAreRefusedWithoutReadingThemAll(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        BadInputException e = assertThrows(BadInputException.class,
                () -> s.plan(withMax(TestSpecs.list("campaign_id"), true, 10)));
        assertTrue(e.getMessage().startsWith("the plan would create more than 11 leaf partitions, more than --max-partitions 10"), e.getMessage());
        assertTrue(e.getMessage().contains("--list-group"), e.getMessage());
    }

    @Test
    void valuesInNoGroupWithoutDefaultAreRefused(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        BadInputException e = assertThrows(BadInputException.class,
                () -> s.plan(withMax(TestSpecs.list("country", "eu=DE,FR"), false, 100)));
        // Five of the seven ungrouped values, in the database's collation order.
        assertTrue(e.getMessage().matches("column country holds values in no --list-group \\(('[^,]+', ){4}'[^,]+' and"
                + " more\\): add them to a --list-group or enable --default-partition\\."), e.getMessage());
        assertTrue(e.getMessage().contains("'O''Brien Land'"), e.getMessage());
    }

    @Test
    void groupValuesThatAreNotOfTheColumnTypeAreRefused(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        BadInputException e = assertThrows(BadInputException.class,
                () -> s.plan(withMax(TestSpecs.list("campaign_id", "low=1,2,x"), true, 100)));
        assertTrue(e.getMessage().startsWith("--list-group has a value that is not a valid integer"), e.getMessage());
    }

    @Test
    void takenNamesAreReportedAndNothingIsCreated(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        db.execute("CREATE TABLE events_p2026_03 (x int)", "CREATE INDEX events_campaign_idx_ps ON campaigns (name)");
        ShadowPlan plan = s.plan(TestSpecs.partitioning(TestSpecs.range("created_at", "1 month")));
        try (Connection c = db.connect()) {
            assertEquals(List.of("events_campaign_idx_ps", "events_p2026_03"), plan.conflicts(c));
            BadInputException e = assertThrows(BadInputException.class, () -> new ShadowCreator(c).create(plan));
            assertEquals("schema public already has 2 relations with a name the plan would create"
                    + " (events_campaign_idx_ps, events_p2026_03): drop or rename them (they may be left from an"
                    + " earlier run) or migrate another --table.", e.getMessage());
        }
        assertEquals(0, relations(s, "events_partshift%"));
    }

    @Test
    void aFailingStatementRollsEverythingBack(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        ShadowPlan plan = s.plan(TestSpecs.partitioning(TestSpecs.range("created_at", "1 month")));
        List<String> create = new ArrayList<>(plan.createStatements());
        create.add("CREATE INDEX broken ON public.events_partshift (no_such_column)");
        ShadowPlan broken = new ShadowPlan(plan.source(), plan.shadow(), plan.scheme(), plan.sourceBytes(),
                plan.searchPath(), create, plan.postCopyStatements(), plan.notes(), plan.partitions(),
                plan.estimateMethod(), plan.estimatedRows(), plan.sequences(), plan.indexNames());
        try (Connection c = db.connect()) {
            SQLException e = assertThrows(SQLException.class, () -> new ShadowCreator(c).create(broken));
            assertTrue(e.getMessage().startsWith("creating the shadow table public.events_partshift failed at"
                    + " statement " + create.size() + " of " + create.size() + " and was rolled back, so nothing"
                    + " changed: CREATE INDEX broken"), e.getMessage());
            assertEquals("42703", e.getSQLState());
            assertTrue(c.getAutoCommit());
        }
        assertEquals(0, relations(s, "events_p20%"));
        assertEquals(0, relations(s, "events_partshift%"));
    }

    @Test
    void theCreatorRefusesAConnectionInsideATransaction(TestDatabase db) throws Exception {
        ShadowScenario s = source(db);
        ShadowPlan plan = s.plan(TestSpecs.partitioning(TestSpecs.range("created_at", "1 year")));
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            assertThrows(IllegalStateException.class, () -> new ShadowCreator(c).create(plan));
            c.rollback();
        }
    }
}
