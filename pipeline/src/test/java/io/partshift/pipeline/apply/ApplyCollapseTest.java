package io.partshift.pipeline.apply;

import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a batch folds into one net change per key ({@link KeyedChanges}). */
class ApplyCollapseTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void theLastWholeRowOrDeleteWins() {
        KeyedChanges changes = KeyedChanges.of(List.of(
                full(1, 1, "a", "x"), full(2, 2, "b", "y"), full(1, 3, "c", "z"), delete(2, 4), full(3, 5, "d", null),
                delete(3, 6), full(3, 7, "e", "w")));
        assertEquals(List.of(List.of("2")), changes.deletes());
        assertEquals(2, changes.upserts().size());
        assertEquals(row("c", "z"), changes.upserts().get(0).row());
        assertEquals(List.of("3"), changes.upserts().get(1).key());
        assertEquals(row("e", "w"), changes.upserts().get(1).row());
        assertEquals(7, changes.upserts().get(1).lsn());
        assertTrue(changes.partials().isEmpty());
        assertEquals(3, changes.size());
    }

    @Test
    void aPartialUpdateMergesOntoTheWholeRowBeforeIt() {
        KeyedChanges changes = KeyedChanges.of(List.of(full(1, 1, "a", "big"), partial(1, 2, "b")));
        ChangeEvent merged = changes.upserts().get(0);
        assertFalse(merged.isPartial());
        assertEquals(row("b", "big"), merged.row(), "the unavailable TOASTed value is the earlier event's");
        assertEquals(2, merged.lsn());
    }

    @Test
    void aPartialUpdateAloneStaysPartialAndGroupsByItsColumns() {
        ChangeEvent other = new ChangeEvent(ChangeEvent.Kind.UPSERT, List.of("3"), Map.of("body", "t"),
                Set.of("amount"), 4, T);
        KeyedChanges changes = KeyedChanges.of(List.of(partial(1, 1, "a"), partial(2, 2, "b"), other));
        assertEquals(2, changes.partials().size());
        assertEquals(2, changes.partials().get(Set.of("amount")).size());
        assertEquals(List.of(other), changes.partials().get(Set.of("body")));
        assertTrue(changes.upserts().isEmpty());
    }

    @Test
    void twoPartialUpdatesMergeAndKeepWhatNeitherCarried() {
        ChangeEvent first = new ChangeEvent(ChangeEvent.Kind.UPSERT, List.of("1"), Map.of("id", "1", "amount", "5"),
                Set.of("body", "note"), 1, T);
        ChangeEvent second = new ChangeEvent(ChangeEvent.Kind.UPSERT, List.of("1"), Map.of("id", "1", "note", "n"),
                Set.of("body", "amount"), 2, T);
        ChangeEvent merged = KeyedChanges.then(first, second);
        assertEquals(Map.of("id", "1", "amount", "5", "note", "n"), merged.row());
        assertEquals(Set.of("body"), merged.unavailable());
    }

    @Test
    void aPartialUpdateAfterADeleteFindsNoRow() {
        KeyedChanges changes = KeyedChanges.of(List.of(full(1, 1, "a", "x"), delete(1, 2), partial(1, 3, "b")));
        assertEquals(List.of(List.of("1")), changes.deletes());
        assertTrue(changes.upserts().isEmpty());
        assertTrue(changes.partials().isEmpty());
    }

    @Test
    void aWholeRowAfterAPartialReplacesIt() {
        KeyedChanges changes = KeyedChanges.of(List.of(partial(1, 1, "a"), full(1, 2, "b", null)));
        assertEquals(row("b", null), changes.upserts().get(0).row());
        assertTrue(changes.partials().isEmpty());
    }

    @Test
    void keysKeepTheOrderOfTheirFirstEvent() {
        KeyedChanges changes = KeyedChanges.of(List.of(full(5, 1, "a", "x"), full(2, 2, "b", "x"), full(5, 3, "c", "x")));
        assertEquals(List.of(List.of("5"), List.of("2")), changes.upserts().stream().map(ChangeEvent::key).toList());
    }

    private static Map<String, String> row(String amount, String body) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("amount", amount);
        row.put("body", body);
        return row;
    }

    private static ChangeEvent full(int id, long lsn, String amount, String body) {
        return ChangeEvent.upsert(List.of(Integer.toString(id)), row(amount, body), lsn, T);
    }

    private static ChangeEvent partial(int id, long lsn, String amount) {
        return new ChangeEvent(ChangeEvent.Kind.UPSERT, List.of(Integer.toString(id)),
                Map.of("amount", amount), Set.of("body"), lsn, T);
    }

    private static ChangeEvent delete(int id, long lsn) {
        return ChangeEvent.delete(List.of(Integer.toString(id)), lsn, T);
    }
}
