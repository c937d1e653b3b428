package io.partshift.partitioning.pruning;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key columns are found in conditions as EXPLAIN prints them, and only there. */
class PruningKeyColumnsTest {
    private final KeyColumns keys = new KeyColumns(Set.of("created_at", "Tenant", "order"));

    @Test
    void findsBareQualifiedAndQuotedNames() {
        assertTrue(keys.mentionedIn("(created_at >= '2026-03-01 00:00:00+00'::timestamp with time zone)"));
        assertTrue(keys.mentionedIn("(events_1.created_at = $0)"));
        assertTrue(keys.mentionedIn("(date_trunc('month'::text, events.created_at) = '2026-03-01'::timestamptz)"));
        assertTrue(keys.mentionedIn("(e.\"Tenant\" = 7)"));
        assertTrue(keys.mentionedIn("(\"order\" = 3)"));
    }

    @Test
    void ignoresLongerNamesStringLiteralsAndOtherSpellings() {
        assertFalse(keys.mentionedIn("(created_at_day = 3)"));
        assertFalse(keys.mentionedIn("(kind = 'created_at'::text)"));
        assertFalse(keys.mentionedIn("(kind = 'it''s created_at'::text)"));
        assertFalse(keys.mentionedIn("(tenant = 7)"));
        assertFalse(keys.mentionedIn(null));
        assertFalse(keys.mentionedIn(""));
    }

    @Test
    void findsColumnsInAnExpressionKeyDefinition() {
        assertTrue(KeyColumns.mentions("RANGE (date_trunc('day'::text, created_at))", "created_at"));
        assertFalse(KeyColumns.mentions("RANGE (date_trunc('day'::text, created_at))", "day"));
    }

    @Test
    void namesAreSorted() {
        assertEquals(java.util.List.of("Tenant", "created_at", "order"), keys.names());
    }
}
