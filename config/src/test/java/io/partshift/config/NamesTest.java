package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every derived name fits PostgreSQL's 63 bytes and stays distinct from the others. */
class NamesTest {
    private static final Names EVENTS = new Names(new TableRef("public", "events"), "partshift");

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void shortNamesAreReadable() {
        assertEquals(new TableRef("public", "events_partshift"), EVENTS.shadow());
        assertEquals(new TableRef("public", "events_partshift_old"), EVENTS.old());
        assertEquals(new TableRef("public", "events_p2026_03"), EVENTS.partition("p2026_03"));
        assertEquals(new TableRef("public", "events_p2026_03_h1"),
                EVENTS.subPartition(EVENTS.partition("p2026_03"), "h1"));
        assertEquals("events_created_at_idx_ps", EVENTS.shadowIndex("events_created_at_idx"));
        assertEquals("events_partshift_pkey", EVENTS.shadowPrimaryKey());
        assertEquals("partshift_public_events", EVENTS.slot());
        assertEquals("partshift_public_events_rev", EVENTS.reverseSlot());
        assertEquals(EVENTS.slot(), EVENTS.publication());
        assertEquals(EVENTS.reverseSlot(), EVENTS.reversePublication());
        assertEquals("events_created_at_idx_ps_old", EVENTS.oldIndex("events_created_at_idx"));
        assertEquals("events_id_seq_ps_old", EVENTS.oldSequence("events_id_seq"));
        assertEquals("events_id_seq_ps", EVENTS.shadowSequence("events_id_seq"));
    }

    @Test
    void theNamesTheSwapMovesAsideFitAndDifferFromEachOtherAndTheOriginal() {
        String longIndex = "an_index_name_that_is_exactly_sixty_three_bytes_long_xxxxxxxxxx";
        assertEquals(63, bytes(longIndex));
        for (String original : List.of("events_pkey", longIndex, "é".repeat(31))) {
            List<String> names = List.of(original, EVENTS.shadowIndex(original), EVENTS.oldIndex(original));
            for (String name : names) {
                assertTrue(bytes(name) <= 63, name + " is " + bytes(name) + " bytes");
            }
            assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
            assertEquals(EVENTS.oldIndex(original), EVENTS.oldSequence(original),
                    "one rule for everything the old table keeps aside");
            assertEquals(EVENTS.shadowIndex(original), EVENTS.shadowSequence(original),
                    "and one for everything the partitioned table keeps aside");
        }
        assertNotEquals(EVENTS.oldIndex(longIndex), EVENTS.oldIndex(longIndex.replace('x', 'y')),
                "two long names shortened to one prefix stay apart");
    }

    @Test
    void longNamesAreShortenedWithAHashAndStayDistinct() {
        String base = "a_table_name_that_is_quite_long_and_shared_by_two_tables_";
        Names one = new Names(new TableRef("public", base + "one"), "partshift");
        Names two = new Names(new TableRef("public", base + "two"), "partshift");
        List<String> names = List.of(one.shadow().name(), one.old().name(), one.partition("p2026_03").name(),
                one.slot(), one.reverseSlot(), two.shadow().name(), two.old().name(),
                two.partition("p2026_03").name(), two.slot(), two.reverseSlot());
        for (String name : names) {
            assertTrue(bytes(name) <= 63, name + " is " + bytes(name) + " bytes");
        }
        assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
        assertTrue(one.shadow().name().endsWith("_partshift"), "suffix kept so the role stays visible");
        assertTrue(one.old().name().endsWith("_partshift_old"));
        assertTrue(one.shadow().name().startsWith("a_table_name"), one.shadow().name());
    }

    @Test
    void truncationCountsBytesNotCharacters() {
        Names wide = new Names(new TableRef("public", "é".repeat(30)), "partshift"); // 60 bytes
        String shadow = wide.shadow().name();
        assertTrue(bytes(shadow) <= 63, shadow);
        assertTrue(shadow.startsWith("é"), "no code point is cut in half: " + shadow);
        assertNotEquals(-1, shadow.indexOf("_partshift"));
    }

    @Test
    void partitionNamesForManyPartitionsOfALongTableAreDistinct() {
        Names longName = new Names(new TableRef("public", "x".repeat(60)), "partshift");
        Set<String> names = new HashSet<>();
        for (int month = 1; month <= 12; month++) {
            String name = longName.partition(String.format("p2026_%02d", month)).name();
            assertTrue(bytes(name) <= 63, name);
            names.add(name);
        }
        assertEquals(12, names.size(), names.toString());
    }

    @Test
    void slotNamesNeverCollideAcrossTablesThatLookAlike() {
        List<TableRef> lookAlikes = List.of(new TableRef("a_b", "c"), new TableRef("a", "b_c"),
                new TableRef("public", "Events"), new TableRef("public", "events"), new TableRef("public", "ev-ents"),
                new TableRef("public", "ev_ents"), new TableRef("public", "events_rev"));
        Set<String> slots = new HashSet<>();
        for (TableRef table : lookAlikes) {
            Names names = new Names(table, "partshift");
            slots.add(names.slot());
            slots.add(names.reverseSlot());
            assertTrue(names.slot().matches("[a-z0-9_]+"), names.slot());
        }
        assertEquals(lookAlikes.size() * 2, slots.size(), slots.toString());
    }

    @Test
    void aSuffixTooLongForAnyNameIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> EVENTS.partition("s".repeat(60)));
    }
}
