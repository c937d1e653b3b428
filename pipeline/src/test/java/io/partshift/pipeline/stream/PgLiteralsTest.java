package io.partshift.pipeline.stream;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PgLiteralsTest {

    @Test
    void arrayElementsAreQuotedOnlyWhenNeeded() {
        assertEquals("plain", PgLiterals.arrayElement("plain"));
        assertEquals("\"\"", PgLiterals.arrayElement(""));
        assertEquals("\"null\"", PgLiterals.arrayElement("null"));
        assertEquals("\"a b\"", PgLiterals.arrayElement("a b"));
        assertEquals("\"tab\there\"", PgLiterals.arrayElement("tab\there"));
        assertEquals("\"q\\\"\"", PgLiterals.arrayElement("q\""));
        assertEquals("\"\\\\\"", PgLiterals.arrayElement("\\"));
        assertEquals("\"{x}\"", PgLiterals.arrayElement("{x}"));
        assertEquals("ünïcødé", PgLiterals.arrayElement("ünïcødé"));
    }

    @Test
    void arraysNest() {
        assertEquals("{{a,NULL},{\"b c\",d}}",
                PgLiterals.array(List.of(Arrays.asList("a", null), List.of("b c", "d"))));
    }

    @Test
    void hstoreQuotesEverything() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a\"b", "c\\d");
        m.put("NULL", null);
        assertEquals("\"a\\\"b\"=>\"c\\\\d\", \"NULL\"=>NULL", PgLiterals.hstore(m));
    }

    @Test
    void flatJsonObjects() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("k", "v\n\"é\\/");
        expected.put("n", null);
        expected.put("", "");
        assertEquals(expected, PgLiterals.flatJsonObject(" { \"k\" : \"v\\n\\\"\\u00e9\\\\/\" , \"n\":null,\"\":\"\"} "));
        assertEquals(Map.of(), PgLiterals.flatJsonObject("{}"));
        assertThrows(IllegalArgumentException.class, () -> PgLiterals.flatJsonObject("{\"a\":1}"));
        assertThrows(IllegalArgumentException.class, () -> PgLiterals.flatJsonObject("{\"a\":\"b\"} x"));
        assertThrows(IllegalArgumentException.class, () -> PgLiterals.flatJsonObject("{\"a\":\"b"));
    }
}
