package io.partshift.partitioning.shadow;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListNamesTest {
    @Test
    void lowerCasesAndReplacesEverythingElseWithUnderscores() {
        assertEquals(List.of("l_de", "l_new_york", "l_o_brien", "l_42", "l_a_b"),
                ListNames.suffixes(List.of("DE", "New York", "O'Brien", "42", "a--b!")));
    }

    @Test
    void negativeNumbersAndDecimalsStayReadable() {
        assertEquals(List.of("l_1_5"), ListNames.suffixes(List.of("1.5")));
        assertEquals("1", ListNames.sanitize("-1"));
    }

    @Test
    void valuesThatSanitizeAlikeGetHashes() {
        List<String> names = ListNames.suffixes(List.of("a b", "a-b", "A_B", "c"));
        assertEquals(4, new HashSet<>(names).size());
        assertTrue(names.get(0).matches("l_a_b_[0-9a-f]{8}"), names.get(0));
        assertEquals("l_c", names.get(3));
    }

    @Test
    void negativeAndPositiveValuesDoNotCollide() {
        List<String> names = ListNames.suffixes(List.of("-1", "1"));
        assertNotEquals(names.get(0), names.get(1));
    }

    @Test
    void unicodeOrSymbolOnlyValuesBecomeHashes() {
        List<String> names = ListNames.suffixes(List.of("日本", "€", ""));
        assertEquals(3, new HashSet<>(names).size());
        names.forEach(n -> assertTrue(n.matches("l_[0-9a-f]{8}"), n));
        assertEquals("l_m_nchen", ListNames.suffixes(List.of("München")).get(0));
    }

    @Test
    void longValuesAreShortenedWithAHash() {
        String name = ListNames.suffixes(List.of("a very long campaign name that goes on and on")).get(0);
        assertTrue(name.matches("l_a_very_long_cam_[0-9a-f]{8}"), name);
        assertTrue(name.length() <= 2 + ListNames.MAX_READABLE + 2, name);
    }

    @Test
    void namesAreStableAcrossRuns() {
        assertEquals(ListNames.suffixes(List.of("a b", "a-b")), ListNames.suffixes(List.of("a b", "a-b")));
    }
}
