package io.partshift.partitioning.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bound texts PostgreSQL 15 prints (copied from pg_get_expr output), parsed back. */
class BoundTextTest {
    @Test
    void defaultHashAndListBounds() {
        assertEquals(new LiveBound.Default(), BoundText.parse("DEFAULT"));
        assertEquals(new LiveBound.Hash(4, 3), BoundText.parse("FOR VALUES WITH (modulus 4, remainder 3)"));
        assertEquals(new LiveBound.ListIn(List.of("a", "it's"), true),
                BoundText.parse("FOR VALUES IN ('a', 'it''s', NULL)"));
        assertEquals(new LiveBound.ListIn(List.of("1", "-2"), false), BoundText.parse("FOR VALUES IN (1, '-2')"));
        assertEquals(new LiveBound.ListIn(List.of("a, b", "(x)"), false),
                BoundText.parse("FOR VALUES IN ('a, b', '(x)')"));
    }

    @Test
    void rangeBoundsWithMinAndMaxValue() {
        assertEquals(new LiveBound.Range(LiveBound.Edge.value("2026-03-01 00:00:00+00"),
                LiveBound.Edge.value("2026-04-01 00:00:00+00")),
                BoundText.parse("FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00')"));
        assertEquals(new LiveBound.Range(LiveBound.Edge.MIN, LiveBound.Edge.value("-5")),
                BoundText.parse("FOR VALUES FROM (MINVALUE) TO ('-5')"));
        assertEquals(new LiveBound.Range(LiveBound.Edge.value("1000"), LiveBound.Edge.MAX),
                BoundText.parse("FOR VALUES FROM (1000) TO (MAXVALUE)"));
        assertEquals(new LiveBound.Range(LiveBound.Edge.value("a) TO (b"), LiveBound.Edge.value("c")),
                BoundText.parse("FOR VALUES FROM ('a) TO (b') TO ('c')"), "a quoted ') TO (' is no separator");
    }

    @Test
    void unexpectedTextIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> BoundText.parse("FOR VALUES FROM (1, 2) TO (3, 4)"));
        assertThrows(IllegalArgumentException.class, () -> BoundText.parse("FOR VALUES IN ('open)"));
        assertThrows(IllegalArgumentException.class, () -> BoundText.parse("PARTITION OF x"));
    }
}
