package io.partshift.partitioning.shadow;

import io.partshift.config.Names;
import io.partshift.config.TableRef;
import io.partshift.partitioning.TestSpecs;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.DependentView;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.catalog.TriggerInfo;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanNotesTest {
    private static final Names NAMES = new Names(Fixtures.EVENTS, "partshift");
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 11);
    private static final Column TS = Fixtures.column("created_at", "timestamp with time zone", "timestamptz");
    private static final ConstraintInfo PK = new ConstraintInfo("events_pkey", 'p', "PRIMARY KEY (id)", true,
            List.of("id"));

    private static SourceTable withExtras(SourceTable t) {
        return new SourceTable(t.ref(), t.oid(), t.relkind(), t.isPartition(), t.inheritance(), t.persistence(),
                t.replicaIdentity(), t.owner(), t.rowEstimate(), t.totalBytes(), t.columns(), t.primaryKey(),
                t.indexes(), t.constraints(), List.of(), List.of(new TriggerInfo("audit", "CREATE TRIGGER audit ...",
                true)), List.of(new DependentView(new TableRef("public", "recent_events"), false)),
                List.of("pub_all"), true, Optional.of("all events"));
    }

    private static List<String> notes(SourceTable source, LevelLayout top, KeyProfile profile) {
        return PlanNotes.of(source, NAMES, List.of(top.column().name()), top, Optional.empty(), profile,
                Optional.empty());
    }

    @Test
    void explainsTheKeyTheSequencesAndWhatCutoverCarriesOver() {
        SourceTable source = withExtras(Fixtures.table(List.of(Fixtures.identity("id"), TS,
                Fixtures.generated("total", "numeric", "(a * b)")), List.of(PK), List.of()));
        KeyProfile profile = KeyProfile.range(Optional.of("2026-03-01 00:00:00.000000 AD"), Optional.empty(), true);
        LevelLayout top = LevelBounds.plan(TestSpecs.range("created_at", "1 month"), TS, profile, true, 0, TODAY,
                false, 100);
        List<String> notes = notes(source, top, profile);
        assertEquals("The primary key becomes (id, created_at) because PostgreSQL requires every unique constraint on a"
                + " partitioned table to include the partition columns, so uniqueness of (id) alone is no longer"
                + " enforced by the database.", notes.get(0));
        assertTrue(notes.get(1).startsWith("Identity column id gets a sequence of its own on the shadow"), notes.get(1));
        assertTrue(notes.get(1).contains("OVERRIDING SYSTEM VALUE"), notes.get(1));
        assertEquals("Generated column total is computed again on the shadow, so the copy leaves it out.",
                notes.get(2));
        assertEquals("User triggers (audit), grants, the table comment, row level security and its policies,"
                + " publication membership (pub_all) and dependent views (public.recent_events) carry over at cutover,"
                + " not during the copy, so triggers do not fire for copied rows.", notes.get(3));
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("Rows that fall outside all bounds go to events_default"
                + " (already rows with infinite created_at)")), notes.toString());
        notes.forEach(n -> assertTrue(n.endsWith(".") && n.indexOf(". ") < 0, "one sentence: " + n));
    }

    @Test
    void aSerialHandsItsSequenceOverAndNoDefaultIsAWarning() {
        SourceTable source = Fixtures.table(List.of(Fixtures.serial("id"), TS), List.of(PK), List.of());
        LevelLayout top = LevelBounds.plan(TestSpecs.range("created_at", "1 month"), TS, KeyProfile.none(), false, 0,
                TODAY, false, 100);
        List<String> notes = notes(source, top, KeyProfile.none());
        assertTrue(notes.contains("Column id keeps taking its default from public.events_id_seq, which cutover hands to"
                + " the new table (OWNED BY) so that dropping the old table keeps it."), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("There is no DEFAULT partition, so a row whose created_at"
                + " falls outside every bound cannot be stored")), notes.toString());
    }

    @Test
    void hashNeedsNoWordAboutDefaultsAndAKeyInThePrimaryKeyNeedsNoneAboutIt() {
        Column id = Fixtures.column("id", "bigint", "int8");
        SourceTable source = Fixtures.table(List.of(id), List.of(PK), List.of());
        LevelLayout top = LevelBounds.plan(TestSpecs.hash("id", 4), id, KeyProfile.none(), true, 0, TODAY, false, 100);
        List<String> notes = notes(source, top, KeyProfile.none());
        assertTrue(notes.stream().noneMatch(n -> n.contains("DEFAULT") || n.startsWith("The primary key")),
                notes.toString());
        assertTrue(notes.contains("Grants carry over at cutover, not during the copy, so nothing on the shadow reacts"
                + " to copied rows."), notes.toString());
    }
}
