package io.partshift.pipeline.apply;

import io.partshift.partitioning.catalog.Column;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.partshift.pipeline.apply.ApplySpecs.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements {@link ApplySql} writes, and how {@link ApplyTarget} reads the catalog and spec. */
class ApplySqlTest {
    private static final List<Column> COLUMNS = List.of(ApplySpecs.identityAlways("id"),
            column("created_at", "timestamp with time zone"), column("amount", "numeric(12,2)"),
            column("Mixed \"Case\"", "text"), ApplySpecs.generated("total", "numeric", "(amount * 2)"));

    @Test
    void aShadowWhosePartitionKeyIsOutsideTheSourceKeyMovesRows() {
        ApplyTarget shape = ApplyTarget.forward(ApplySpecs.source(COLUMNS, "id"), spec());
        assertEquals(List.of("id"), shape.key().stream().map(Column::name).toList());
        assertEquals(List.of("created_at"), shape.movable().stream().map(Column::name).toList());
        assertEquals(4, shape.writable().size(), "generated columns are computed by the shadow");

        String upsert = new ApplySql(shape).upsert();
        assertEquals("WITH u AS (SELECT u.ord, u.k1::bigint AS k1, u.c1::bigint AS c1,"
                + " u.c2::timestamp with time zone AS c2, u.c3::numeric(12,2) AS c3, u.c4::text AS c4"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY"
                + " AS u(k1, c1, c2, c3, c4, ord)),\n"
                + "upd AS (UPDATE public.events_partshift AS t SET \"created_at\" = u.c2, \"amount\" = u.c3,"
                + " \"Mixed \"\"Case\"\"\" = u.c4 FROM u WHERE t.\"id\" = u.k1 AND t.\"created_at\" = u.c2"
                + " AND t.\"id\" IS NOT DISTINCT FROM u.c1 RETURNING u.ord),\n"
                + "rest AS (SELECT * FROM u WHERE u.ord NOT IN (SELECT ord FROM upd)),\n"
                + "moved AS (DELETE FROM public.events_partshift AS d USING rest WHERE d.\"id\" = rest.k1"
                + " AND ROW(d.\"created_at\") IS DISTINCT FROM ROW(rest.c2) RETURNING 1),\n"
                + "ins AS (INSERT INTO public.events_partshift (\"id\", \"created_at\", \"amount\","
                + " \"Mixed \"\"Case\"\"\") OVERRIDING SYSTEM VALUE SELECT c1, c2, c3, c4 FROM rest RETURNING 1)\n"
                + "SELECT (SELECT count(*) FROM upd), (SELECT count(*) FROM moved), (SELECT count(*) FROM ins)",
                upsert);
        assertEquals(5, new ApplySql(shape).upsertParameters());
    }

    @Test
    void aSourceKeyHoldingThePartitionKeyNeedsNoMoves() {
        ApplyTarget shape = ApplyTarget.forward(ApplySpecs.source(COLUMNS, "id", "created_at"), spec());
        assertTrue(shape.movable().isEmpty());
        String upsert = new ApplySql(shape).upsert();
        assertFalse(upsert.contains("moved"), upsert);
        assertTrue(upsert.contains("WHERE t.\"id\" = u.k1 AND t.\"created_at\" = u.k2 AND"), upsert);
        assertTrue(upsert.endsWith("SELECT (SELECT count(*) FROM upd), 0, (SELECT count(*) FROM ins)"), upsert);
    }

    @Test
    void deletesProbeBySourceKeyOnly() {
        ApplyTarget shape = ApplyTarget.forward(ApplySpecs.source(COLUMNS, "id", "amount"), spec());
        assertEquals("DELETE FROM public.events_partshift AS d USING (SELECT u.k1::bigint AS k1,"
                + " u.k2::numeric(12,2) AS k2 FROM unnest(?::text[], ?::text[]) AS u(k1, k2)) AS u"
                + " WHERE d.\"id\" = u.k1 AND d.\"amount\" = u.k2", new ApplySql(shape).delete());
    }

    @Test
    void partialUpdatesSetOnlyTheirColumns() {
        ApplyTarget shape = ApplyTarget.forward(ApplySpecs.source(COLUMNS, "id"), spec());
        String sql = new ApplySql(shape).partialUpdate(List.of(COLUMNS.get(1), COLUMNS.get(2)));
        assertEquals("UPDATE public.events_partshift AS t SET \"created_at\" = u.c1, \"amount\" = u.c2 FROM"
                + " (SELECT u.k1::bigint AS k1, u.c1::timestamp with time zone AS c1, u.c2::numeric(12,2) AS c2"
                + " FROM unnest(?::text[], ?::text[], ?::text[]) AS u(k1, c1, c2)) AS u WHERE t.\"id\" = u.k1", sql);
        assertThrows(IllegalArgumentException.class, () -> new ApplySql(shape).partialUpdate(List.of()));
    }

    @Test
    void aTableOfIdentitiesOnlyChecksThatTheRowIsThere() {
        ApplyTarget shape = ApplyTarget.forward(ApplySpecs.source(List.of(ApplySpecs.identityAlways("id"),
                ApplySpecs.identityAlways("created_at")), "id"), spec());
        assertTrue(new ApplySql(shape).upsert().contains("upd AS (SELECT u.ord FROM u JOIN"));
    }

    @Test
    void aSubLevelOnASourceKeyColumnAddsNothing() {
        var spec = ApplySpecs.migration("jdbc:postgresql://x/y", "u", ApplySpecs.partitioning(
                ApplySpecs.range("created_at", "1 month"), ApplySpecs.hash("id", 4)));
        ApplyTarget shape = ApplyTarget.forward(ApplySpecs.source(COLUMNS, "id"), spec);
        assertEquals(List.of("created_at"), shape.movable().stream().map(Column::name).toList());
    }

    @Test
    void aTableWithoutPrimaryKeyOrKeyColumnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ApplyTarget.forward(ApplySpecs.source(COLUMNS, "nope"), spec()));
        var noKey = new io.partshift.partitioning.catalog.SourceTable(ApplySpecs.EVENTS, 1, 'r', false, false, 'p', 'd',
                "app", 0, 0, COLUMNS, java.util.Optional.empty(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), false, java.util.Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> ApplyTarget.forward(noKey, spec()));
    }

    /** After cutover: the partitioned table (now named events) back into the old one, keyed by the old table's key. */
    @Test
    void theReverseTargetIsTheOldTableKeyedByItsKeyWithNothingToMove() {
        io.partshift.config.TableRef old = new io.partshift.config.TableRef("public", "events_partshift_old");
        ApplyTarget target = ApplyTarget.reverse(ApplySpecs.source(COLUMNS, "id", "created_at"),
                ApplySpecs.table(old, COLUMNS, "id"));
        assertEquals(ApplySpecs.EVENTS, target.readBack());
        assertEquals(old, target.table());
        assertEquals(List.of("id"), target.key().stream().map(Column::name).toList());
        assertTrue(target.movable().isEmpty());
        assertEquals(4, target.writable().size(), "generated columns are computed by the old table");
        ApplySql sql = new ApplySql(target);
        assertFalse(sql.upsert().contains("moved"), sql.upsert());
        assertTrue(sql.upsert().contains("INSERT INTO public.events_partshift_old (") && sql.upsert()
                .contains("OVERRIDING SYSTEM VALUE"), sql.upsert());
        assertEquals("DELETE FROM public.events_partshift_old AS d USING (SELECT u.k1::bigint AS k1 FROM"
                + " unnest(?::text[]) AS u(k1)) AS u WHERE d.\"id\" = u.k1", sql.delete());
        assertTrue(sql.insertMissingFromSource().contains("JOIN public.events AS s ON s.\"id\" = u.k1"),
                sql.insertMissingFromSource());
    }

    @Test
    void aReverseTargetNeedsTheOldKeyInTheNewKeyAndTheSameColumns() {
        io.partshift.config.TableRef old = new io.partshift.config.TableRef("public", "events_partshift_old");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> ApplyTarget.reverse(
                ApplySpecs.source(COLUMNS, "created_at"), ApplySpecs.table(old, COLUMNS, "id")));
        assertTrue(key.getMessage().contains("[id]"), key.getMessage());
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class, () -> ApplyTarget.reverse(
                ApplySpecs.source(COLUMNS, "id", "created_at"), ApplySpecs.table(old, COLUMNS.subList(0, 3), "id")));
        assertTrue(columns.getMessage().contains("only in the new table [Mixed \"Case\"]"), columns.getMessage());
    }

    private static io.partshift.config.MigrationSpec spec() {
        return ApplySpecs.migration("jdbc:postgresql://x/y", "u",
                ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 3));
    }
}
