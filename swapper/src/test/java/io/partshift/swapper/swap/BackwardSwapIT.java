package io.partshift.swapper.swap;

import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollback is the cutover swap run the other way: afterwards the application sees its table as it was before the
 * cutover, and numbering keeps going up; the partitioned table is back under the shadow's name, inert (no triggers
 * firing, no foreign keys, in no user publication), and can be cut over again.
 */
@ExtendWith(PostgresExtension.class)
class BackwardSwapIT {
    /** Catalog lines about the application's table and what hangs off it (not the shadow, not its partitions). */
    private static final Pattern APPLICATION = Pattern.compile(
            ".*(^|[ (=])public\\.(events|events_id_seq|events_ticket_seq|recent_events|recent_refs)([ .(]|$).*");
    private static final String POLICIES = "SELECT polname || ' ' || polcmd::text || ' ' || polpermissive || ' '"
            + " || polroles::regrole[]::text || ' ' || coalesce(pg_get_expr(polqual, polrelid), '') || ' '"
            + " || coalesce(pg_get_expr(polwithcheck, polrelid), '') FROM pg_policy WHERE polrelid = '%s'::regclass"
            + " ORDER BY 1";
    private static final String COMMENTS = "SELECT coalesce(a.attname, '<table>') || ': ' || d.description"
            + " FROM pg_description d LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid"
            + " WHERE d.classoid = 'pg_class'::regclass AND d.objoid = '%s'::regclass ORDER BY 1";
    private static final String SWITCHES = "SELECT relrowsecurity || ' ' || relforcerowsecurity || ' '"
            + " || relreplident::text FROM pg_class WHERE oid = '%s'::regclass";

    @Test
    void forwardThenBackwardLeavesTheApplicationsViewAsItWas(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(1000);
        fx.createAndFillShadow();
        List<String> before = application(db);
        assertEquals(List.of("column", "constraint", "index", "publication_table", "relation", "rows", "sequence",
                "trigger", "view", "view_dependency"), before.stream().map(l -> l.substring(0, l.indexOf(' ')))
                .distinct().sorted().toList(), "the comparison covers every kind of line: " + before);
        List<String> policies = fx.strings(POLICIES.formatted("public.events"));
        List<String> comments = fx.strings(COMMENTS.formatted("public.events"));
        String switches = fx.string(SWITCHES.formatted("public.events"));

        fx.swap(true);
        fx.afterSwap();
        long takenOnTheNewTable = insertAndRollBack(db);
        fx.swap(false);
        fx.afterSwap();

        assertEquals(String.join("\n", before), String.join("\n", application(db)),
                "the application's table, indexes, constraints, triggers, sequences, publications and views");
        assertEquals(policies, fx.strings(POLICIES.formatted("public.events")));
        assertEquals(comments, fx.strings(COMMENTS.formatted("public.events")));
        assertEquals(switches, fx.string(SWITCHES.formatted("public.events")));
        assertTrue(insertAndRollBack(db) > takenOnTheNewTable, "numbering continues upward on the old table");

        assertEquals(List.of("D"), fx.strings("SELECT DISTINCT tgenabled::text FROM pg_trigger"
                + " WHERE tgrelid = 'public.events_partshift'::regclass AND NOT tgisinternal"), "shadow's triggers off");
        assertEquals(0, fx.longValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN"
                + " (SELECT relid FROM pg_partition_tree('public.events_partshift'))"), "no foreign keys on the shadow");
        assertEquals(List.of("public.events"), fx.strings("SELECT DISTINCT schemaname || '.' || tablename"
                + " FROM pg_publication_tables"));
        assertTrue(fx.strings("SELECT relname::text FROM pg_class WHERE relname LIKE '%\\_ps\\_old'").isEmpty(),
                "no name is left aside on the old table");

        fx.swap(true);
        assertEquals("p", fx.string("SELECT relkind FROM pg_class WHERE oid = 'public.events'::regclass"),
                "and the migration can cut over again");
        assertTrue(insertAndRollBack(db) > takenOnTheNewTable);
    }

    @Test
    void aRollbackBeforeTheForeignKeysWereFinishedGivesTheOldTableItsKeyBack(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(200);
        fx.createAndFillShadow();
        String key = "events_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES campaigns(id) true";
        String keys = "SELECT conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint"
                + " WHERE contype = 'f' AND conrelid = 'public.events'::regclass";
        assertEquals(List.of(key), fx.strings(keys));

        fx.swap(true);
        fx.swap(false);
        List<SwapStep> after = fx.afterSwap();

        assertEquals(1, after.size(), after.toString());
        assertEquals(List.of(key), fx.strings(keys), "validated again after the rollback");
        assertEquals(0, fx.longValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN"
                + " (SELECT relid FROM pg_partition_tree('public.events_partshift'))"), "the partitions' keys are gone");
    }

    /** The catalog lines that describe the application's objects, sequence positions left out (they move on). */
    private static List<String> application(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c).lines().stream().filter(l -> APPLICATION.matcher(l).matches())
                    .map(l -> l.replaceAll(" last_value=\\S+", "")).toList();
        }
    }

    /** An application insert that is rolled back (its number stays taken): the id it got. */
    private static long insertAndRollBack(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("INSERT INTO events"
                    + " (created_at, campaign_id, ref) VALUES ('2026-03-07', 4, 'rolled-back') RETURNING id")) {
                rs.next();
                return rs.getLong(1);
            } finally {
                c.rollback();
            }
        }
    }
}
