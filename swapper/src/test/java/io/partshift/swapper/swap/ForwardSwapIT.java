package io.partshift.swapper.swap;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static io.partshift.swapper.swap.SwapFixture.NAMES;
import static io.partshift.swapper.swap.SwapFixture.VISIBLE_CAMPAIGNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the cutover swap the application finds, under its table's name, the partitioned table with everything it
 * relied on: names of indexes and constraints, owner, grants, comments, triggers, policies, publications, views,
 * replica identity, numbering and foreign keys; and the old table no longer fires triggers or holds foreign keys.
 */
@ExtendWith(PostgresExtension.class)
class ForwardSwapIT {
    private static final String ACL = "SELECT string_agg(pg_get_userbyid(e.grantee) || ':' || e.privilege_type"
            + " || ':' || e.is_grantable, ',' ORDER BY 1) FROM pg_class c, aclexplode(c.relacl) e WHERE c.oid = '%s'::regclass";
    private static final String COLUMN_ACL = "SELECT string_agg(a.attname || ':' || pg_get_userbyid(e.grantee) || ':'"
            + " || e.privilege_type || ':' || e.is_grantable, ',' ORDER BY 1) FROM pg_attribute a, aclexplode(a.attacl) e"
            + " WHERE a.attrelid = '%s'::regclass";
    private static final String INDEXES = "SELECT ic.relname || CASE WHEN con.conname IS NULL THEN ''"
            + " ELSE ' backs ' || con.contype::text || ' ' || con.conname END FROM pg_index i"
            + " JOIN pg_class ic ON ic.oid = i.indexrelid LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid"
            + " AND con.conrelid = i.indrelid WHERE i.indrelid = '%s'::regclass ORDER BY 1";

    @Test
    void theApplicationFindsEverythingItReliedOnUnderTheName(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(2000);
        fx.createAndFillShadow();
        List<String> indexesBefore = fx.strings(INDEXES.formatted("public.events"));
        String aclBefore = fx.string(ACL.formatted("public.events"));
        String columnAclBefore = fx.string(COLUMN_ACL.formatted("public.events"));
        String sequenceAclBefore = fx.string(ACL.formatted("public.events_id_seq"));
        long maxId = fx.longValue("SELECT max(id) FROM events");
        long maxTicket = fx.longValue("SELECT max(ticket) FROM events");
        long visible = fx.longValue("SELECT count(*) FROM events WHERE campaign_id <= " + VISIBLE_CAMPAIGNS);

        SwapScript script = fx.swap(true);

        assertEquals("p", fx.string("SELECT relkind FROM pg_class WHERE oid = 'public.events'::regclass"));
        assertEquals("r", fx.string("SELECT relkind FROM pg_class WHERE oid = 'public.events_partshift_old'::regclass"));
        assertEquals(indexesBefore, fx.strings(INDEXES.formatted("public.events")),
                "indexes and the constraints they back have their old names");
        assertTrue(fx.strings(INDEXES.formatted("public.events_partshift_old")).contains(
                "events_pkey_ps_old backs p events_pkey_ps_old"));
        assertEquals(List.of(fx.owner), fx.strings("SELECT DISTINCT pg_get_userbyid(c.relowner) FROM"
                + " pg_partition_tree('public.events') t JOIN pg_class c ON c.oid = t.relid"), "owner, partitions too");

        assertEquals(aclBefore, fx.string(ACL.formatted("public.events")), "table grants");
        assertEquals(columnAclBefore, fx.string(COLUMN_ACL.formatted("public.events")), "column grants");
        assertEquals(sequenceAclBefore, fx.string(ACL.formatted("public.events_id_seq")),
                "grants on the identity sequence now named events_id_seq");
        assertTrue(bool("SELECT has_column_privilege('" + fx.reader + "', 'public.events', 'payload', 'UPDATE')"
                + " AND NOT has_column_privilege('" + fx.reader + "', 'public.events', 'secret', 'UPDATE')"
                + " AND NOT has_table_privilege('" + fx.reader + "', 'public.events', 'DELETE')", fx));

        assertEquals("what happened, one row per event", fx.string("SELECT obj_description('public.events'::regclass,"
                + " 'pg_class')"));
        assertEquals("the client's reference", fx.string("SELECT col_description('public.events'::regclass,"
                + " (SELECT attnum FROM pg_attribute WHERE attrelid = 'public.events'::regclass AND attname = 'ref'))"));

        assertEquals(List.of("f"), fx.strings("SELECT DISTINCT c.relreplident::text FROM pg_partition_tree("
                + "'public.events') t JOIN pg_class c ON c.oid = t.relid"), "replica identity FULL, leaves too");

        assertEquals(List.of("analytics public events", "inserts_only public events"), fx.strings(
                "SELECT pubname || ' ' || schemaname || ' ' || tablename FROM pg_publication_tables ORDER BY 1"));
        assertEquals(List.of("analytics (campaign_id > 0) ", "inserts_only  id,created_at,ref"), fx.strings(
                "SELECT p.pubname || ' ' || coalesce(pg_get_expr(r.prqual, r.prrelid), '') || ' ' || coalesce((SELECT"
                        + " string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = r.prrelid"
                        + " AND attnum = ANY (r.prattrs::int2[])), '') FROM pg_publication_rel r JOIN pg_publication p"
                        + " ON p.oid = r.prpubid WHERE r.prrelid = 'public.events'::regclass ORDER BY 1"));

        assertEquals(List.of("recent_events"), fx.strings("SELECT DISTINCT v.relname::text FROM pg_depend d"
                + " JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class"
                + " WHERE d.refobjid = 'public.events'::regclass AND v.oid <> d.refobjid"), "the view reads the new table");
        assertEquals("{security_barrier=true}", fx.string("SELECT reloptions::text FROM pg_class"
                + " WHERE oid = 'public.recent_events'::regclass"));

        try (Connection app = db.connect(); Statement st = app.createStatement()) {
            long auditBefore = count(st, "SELECT count(*) FROM audit");
            st.execute("INSERT INTO events (created_at, campaign_id, ref) VALUES ('2026-03-05', 3, 'after-swap')");
            assertEquals(auditBefore + 1, count(st, "SELECT count(*) FROM audit"), "the audit trigger fires");
            assertTrue(text(st, "SELECT tbl FROM audit ORDER BY ctid DESC LIMIT 1").startsWith("events_p2026_03"),
                    "a row trigger on a partitioned table runs as the partition's clone: TG_TABLE_NAME changes");
            assertEquals("true", text(st, "SELECT payload->>'stamped' FROM events WHERE ref = 'after-swap'"),
                    "the ENABLE ALWAYS trigger fires too");
            assertTrue(count(st, "SELECT id FROM events WHERE ref = 'after-swap'") > maxId, "identity continues");
            assertTrue(count(st, "SELECT ticket FROM events WHERE ref = 'after-swap'") > maxTicket, "serial continues");
            st.execute("UPDATE events_partshift_old SET payload = '{}' WHERE id = 1");
            st.execute("INSERT INTO events_partshift_old (id, created_at, campaign_id, ref) OVERRIDING SYSTEM VALUE"
                    + " VALUES (999999, '2026-03-05', 3, 'stream-replay')");
            assertEquals(auditBefore + 1, count(st, "SELECT count(*) FROM audit"),
                    "writes to the old table (the reverse stream's) fire no trigger");
            assertEquals(null, text(st, "SELECT payload->>'stamped' FROM events_partshift_old WHERE id = 999999"));
            st.execute("DELETE FROM campaigns WHERE id = 25 AND NOT EXISTS (SELECT 1 FROM events WHERE campaign_id = 25)");
        }

        try (Connection reader = fx.connectAs(fx.reader); Statement st = reader.createStatement()) {
            assertEquals(visible + 1, count(st, "SELECT count(*) FROM events"), "the SELECT policy applies");
            long id = count(st, "INSERT INTO events (created_at, campaign_id, ref) VALUES ('2026-03-06', 5,"
                    + " 'by-reader') RETURNING id");
            assertEquals(id, count(st, "SELECT currval('public.events_id_seq')"),
                    "the identity sequence answers to its old name, with its grants");
            SQLException refused = assertThrows(SQLException.class, () -> st.execute("INSERT INTO events"
                    + " (created_at, campaign_id, ref) VALUES ('2026-03-06', " + (VISIBLE_CAMPAIGNS + 1) + ", 'no')"));
            assertEquals("42501", refused.getSQLState(), "the INSERT policy applies: " + refused.getMessage());
            assertEquals(1, count(st, "SELECT count(*) FROM recent_refs WHERE ref = 'by-reader'"),
                    "the view on the view reads the new table");
        }

        assertFalse(script.extraLocks().isEmpty(), "views and the referenced table are locked too");
        assertTrue(script.extraLocks().stream().anyMatch(l -> l.relation().equals("public.campaigns")
                && l.mode().equals("SHARE ROW EXCLUSIVE")), script.extraLocks().toString());
    }

    @Test
    void foreignKeysAreEnforcedAtOnceAndValidatedAfterTheSwapWithoutAnotherScan(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(2000);
        fx.createAndFillShadow();

        fx.swap(true);

        assertEquals(0, fx.longValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'public.events_partshift_old'::regclass"), "the old table lost its foreign key");
        assertEquals(List.of("false"), fx.strings("SELECT DISTINCT con.convalidated::text FROM pg_partition_tree("
                + "'public.events') t JOIN pg_constraint con ON con.conrelid = t.relid AND con.contype = 'f'"
                + " WHERE t.isleaf"), "each partition has it NOT VALID");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SQLException violation = assertThrows(SQLException.class, () -> st.execute("INSERT INTO events"
                    + " (created_at, campaign_id, ref) VALUES ('2026-03-05', 999, 'orphan')"));
            assertEquals("23503", violation.getSQLState(), "new rows are checked from the swap on");
            st.execute("DELETE FROM campaigns WHERE id = 25 AND false");
        }

        List<SwapStep> after = fx.afterSwap();

        assertTrue(after.stream().anyMatch(s -> s.sql().contains("VALIDATE CONSTRAINT")), after.toString());
        assertTrue(after.get(after.size() - 1).sql().startsWith("ALTER TABLE public.events ADD CONSTRAINT"),
                after.toString());
        assertEquals("t", fx.string("SELECT convalidated FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'public.events'::regclass"));
        assertEquals(0, fx.longValue("SELECT count(*) FROM pg_partition_tree('public.events') t"
                + " JOIN pg_constraint con ON con.conrelid = t.relid AND con.contype = 'f'"
                + " WHERE t.level > 0 AND (con.conparentid = 0 OR NOT con.convalidated)"), "every partition's key attached");
        assertEquals(2, fx.longValue("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.campaigns'::regclass"),
                "the referenced table has the parent key's two action triggers, no leftovers of the partitions'");
        try (Connection c = db.connect()) {
            assertEquals(List.of(), SwapStatements.afterSwap(c, NAMES), "nothing left to do");
        }
    }

    @Test
    void twoLevelsOfPartitionsGetTheOwnerTheReplicaIdentityIndexAndTheForeignKeysAtEveryLevel(TestDatabase db)
            throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(1000);
        db.execute("CREATE UNIQUE INDEX events_identity_idx ON events (id, created_at, ref)",
                "ALTER TABLE events REPLICA IDENTITY USING INDEX events_identity_idx");
        fx.createAndFillShadow(Optional.of(SwapFixture.hash("ref", 2)));

        fx.swap(true);
        fx.afterSwap();

        assertTrue(fx.longValue("SELECT count(*) FROM pg_partition_tree('public.events') WHERE level = 2") >= 4,
                "sub-partitions exist");
        assertEquals(List.of(fx.owner), fx.strings("SELECT DISTINCT pg_get_userbyid(c.relowner) FROM"
                + " pg_partition_tree('public.events') t JOIN pg_class c ON c.oid = t.relid"));
        assertEquals(List.of("i events_identity_idx"), fx.strings("SELECT c.relreplident::text || ' ' || ic.relname"
                + " FROM pg_class c JOIN pg_index i ON i.indrelid = c.oid AND i.indisreplident"
                + " JOIN pg_class ic ON ic.oid = i.indexrelid WHERE c.oid = 'public.events'::regclass"));
        assertEquals(0, fx.longValue("SELECT count(*) FROM pg_partition_tree('public.events') t"
                + " JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf AND (c.relreplident <> 'i' OR NOT EXISTS"
                + " (SELECT 1 FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid"
                + " WHERE i.indrelid = c.oid AND i.indisreplident))"),
                "every leaf is identified by its part of the index");
        assertEquals(List.of("true 0"), fx.strings("SELECT DISTINCT con.convalidated::text || ' ' || (con.conparentid = 0"
                + " AND t.level > 0)::int FROM pg_partition_tree('public.events') t JOIN pg_constraint con"
                + " ON con.conrelid = t.relid AND con.contype = 'f'"), "validated and attached at every level");
        assertEquals(fx.longValue("SELECT count(*) FROM pg_partition_tree('public.events')"), fx.longValue(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN"
                        + " (SELECT relid FROM pg_partition_tree('public.events'))"), "one key per table of the tree");
    }

    @Test
    void aPublicationThatWouldPublishPartitionNamesIsRefusedBeforeAnythingChanges(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(100);
        fx.createAndFillShadow();
        db.execute("CREATE PUBLICATION legacy FOR TABLE events");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> fx.swap(true));

        assertTrue(refused.getMessage().contains("legacy") && refused.getMessage().contains(
                "ALTER PUBLICATION legacy SET (publish_via_partition_root = true)"), refused.getMessage());
        assertEquals("r", fx.string("SELECT relkind FROM pg_class WHERE oid = 'public.events'::regclass"));
    }

    @Test
    void aMaterializedViewIsRefused(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(100);
        fx.createAndFillShadow();
        db.execute("CREATE MATERIALIZED VIEW daily AS SELECT created_at::date AS day, count(*) FROM events GROUP BY 1");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> fx.swap(true));

        assertTrue(refused.getMessage().contains("public.daily") && refused.getMessage().contains("DROP MATERIALIZED"),
                refused.getMessage());
    }

    @Test
    void aRowTriggerWithATransitionTableIsRefused(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(100);
        fx.createAndFillShadow();
        db.execute("CREATE TRIGGER events_batch AFTER UPDATE ON events REFERENCING NEW TABLE AS changed"
                + " FOR EACH ROW EXECUTE FUNCTION audit_row()");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> fx.swap(true));

        assertTrue(refused.getMessage().contains("events_batch") && refused.getMessage().contains("FOR EACH STATEMENT"),
                refused.getMessage());
    }

    @Test
    void anIndexTheShadowLacksIsRefused(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(100);
        fx.createAndFillShadow();
        db.execute("CREATE INDEX events_late_idx ON events (ref)");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> fx.swap(true));

        assertTrue(refused.getMessage().contains("events_late_idx (expected events_late_idx_ps)"), refused.getMessage());
    }

    private static boolean bool(String sql, SwapFixture fx) throws SQLException {
        return "t".equals(fx.string(sql));
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
