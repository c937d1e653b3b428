package io.partshift.pipeline.apply;

import io.partshift.pipeline.stream.Lsn;

import io.partshift.partitioning.catalog.Column;
import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.partshift.pipeline.apply.ApplySpecs.column;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events to statement parameters ({@link BatchValues}), settings, LSNs and which failures are retried. */
class ApplyValuesTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<Column> COLUMNS = List.of(ApplySpecs.identityAlways("id"),
            column("created_at", "timestamp with time zone"), column("note", "text"),
            ApplySpecs.generated("total", "numeric", "1"));
    private static final ApplyTarget SHAPE = ApplyTarget.forward(ApplySpecs.source(COLUMNS, "id"),
            ApplySpecs.migration("jdbc:postgresql://x/y", "u",
                    ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 3)));

    @Test
    void rowsBecomeColumnArraysWithNullsKept() {
        String[][] arrays = BatchValues.fullRows(SHAPE, List.of(event("1", "2026-01-01 00:00:00+00", null),
                event("2", "2026-02-01 00:00:00+00", "n")));
        assertEquals(4, arrays.length);
        assertArrayEquals(new String[]{"1", "2"}, arrays[0]);
        assertArrayEquals(new String[]{"1", "2"}, arrays[1]);
        assertArrayEquals(new String[]{null, "n"}, arrays[3]);
        assertArrayEquals(new String[][]{{"7", "8"}}, BatchValues.keys(SHAPE, List.of(List.of("7"), List.of("8"))));
    }

    @Test
    void aMissingValueOrAForeignColumnIsRefusedWithTheKey() {
        Map<String, String> row = new HashMap<>(Map.of("id", "1", "created_at", "2026-01-01 00:00:00+00"));
        var missing = assertThrows(IllegalArgumentException.class, () -> BatchValues.fullRows(SHAPE,
                List.of(ChangeEvent.upsert(List.of("1"), row, 0x1_0000_00A0L, T))));
        assertTrue(missing.getMessage().contains("key [1] at LSN 1/A0 carries no value for column note"),
                missing.getMessage());
        row.put("total", "3");
        row.put("note", "x");
        var generated = assertThrows(IllegalArgumentException.class, () -> BatchValues.fullRows(SHAPE,
                List.of(ChangeEvent.upsert(List.of("1"), row, 1, T))));
        assertTrue(generated.getMessage().contains("carries column total"), generated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchValues.keys(SHAPE, List.of(List.of("1", "2"))));
    }

    @Test
    void partialUpdatesNeverSetAnIdentityAlwaysColumn() {
        ChangeEvent partial = new ChangeEvent(ChangeEvent.Kind.UPSERT, List.of("1"), Map.of("id", "1", "created_at",
                "2026-01-01 00:00:00+00"), Set.of("note"), 1, T);
        assertEquals(List.of("created_at"), BatchValues.partialColumns(SHAPE, partial, partial.row().keySet())
                .stream().map(Column::name).toList());
    }

    @Test
    void settingsAreCheckedOnce() {
        assertEquals(10, ApplierSettings.defaults().maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> new ApplierSettings(0, Duration.ofMillis(1),
                Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> new ApplierSettings(1, Duration.ZERO, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> new ApplierSettings(1, Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
    }

    @Test
    void lsnsPrintLikePostgres() {
        assertEquals("16/B374D848", Lsn.format(0x16_B374D848L));
        assertEquals("0/0", Lsn.format(0));
    }

    @Test
    void onlyConflictsAndLostConnectionsAreRetried() {
        assertTrue(TransientFailures.isTransient(new java.sql.SQLException("x", "40001")));
        assertTrue(TransientFailures.isTransient(new java.sql.SQLException("x", "40P01")));
        assertTrue(TransientFailures.isTransient(new java.sql.SQLException("x", "08006")));
        assertTrue(TransientFailures.isTransient(new java.sql.SQLException("x", "57P01")));
        assertFalse(TransientFailures.isTransient(new java.sql.SQLException("x", "23505")));
        assertFalse(TransientFailures.isTransient(new java.sql.SQLException("x")));
        assertFalse(TransientFailures.isTransient(new IllegalStateException("40001")));
    }

    private static ChangeEvent event(String id, String createdAt, String note) {
        Map<String, String> row = new HashMap<>();
        row.put("id", id);
        row.put("created_at", createdAt);
        row.put("note", note);
        return ChangeEvent.upsert(List.of(id), row, 1, T);
    }
}
