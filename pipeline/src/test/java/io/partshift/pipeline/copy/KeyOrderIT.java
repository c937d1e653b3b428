package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Java's key order checked against PostgreSQL's own ORDER BY, and the SQL comparisons under a linguistic collation. */
@ExtendWith(PostgresExtension.class)
class KeyOrderIT {

    /** Sorts {@code values} of {@code type} in PostgreSQL and in Java (through the key's own kinds) and compares. */
    private static void assertSameOrder(TestDatabase db, String type, String... values) throws Exception {
        CopyFixture f = new CopyFixture(db, "public.k");
        db.execute("DROP TABLE IF EXISTS k", "CREATE TABLE k (v " + type + " PRIMARY KEY)");
        db.execute("INSERT INTO k VALUES " + java.util.Arrays.stream(values)
                .map(v -> "('" + v.replace("'", "''") + "')").collect(Collectors.joining(", ")));
        List<String> postgres = f.strings("SELECT t.v::text FROM k t ORDER BY t.v");
        KeyColumns key;
        try (Connection c = f.ds.getConnection()) {
            key = KeyColumns.read(c, TableRef.parse("public.k"));
        }
        Optional<JavaKeyOrder> order = key.javaOrder();
        assertTrue(order.isPresent(), type + " should be ordered in Java");
        List<String> java = new ArrayList<>(postgres);
        Collections.shuffle(java, new java.util.Random(7));
        java.sort((a, b) -> order.get().compare(List.of(a), List.of(b)));
        assertEquals(postgres, java, type);
    }

    @Test
    void javaOrdersLikePostgres(TestDatabase db) throws Exception {
        assertSameOrder(db, "bigint", "-9223372036854775808", "-100", "-20", "-3", "0", "2", "10", "9223372036854775807");
        assertSameOrder(db, "smallint", "-32768", "-1", "0", "7", "32767");
        assertSameOrder(db, "numeric", "-Infinity", "-1.5", "-1.25", "0", "0.001", "1.1", "1e20", "Infinity", "NaN");
        assertSameOrder(db, "uuid", "00000000-0000-0000-0000-000000000000", "7fffffff-ffff-ffff-ffff-ffffffffffff",
                "80000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "00000000-0000-0000-8000-000000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertSameOrder(db, "date", "-infinity", "4713-01-01 BC", "0044-03-15 BC", "0001-01-01", "1969-12-31",
                "2026-03-01", "10000-01-01", "infinity");
        assertSameOrder(db, "timestamp", "-infinity", "0044-03-15 12:00 BC", "2026-03-01 00:00",
                "2026-03-01 00:00:00.000001", "2026-03-01 00:00:00.5", "infinity");
        assertSameOrder(db, "timestamptz", "-infinity", "0044-03-15 12:00+00 BC", "2026-03-01 00:00+01",
                "2026-03-01 00:00+00:30", "2026-03-01 00:00+00", "2026-03-01 00:00:00.5+00", "2026-02-28 23:00:01-01",
                "infinity");
        assertSameOrder(db, "boolean", "true", "false");
        assertSameOrder(db, "text COLLATE \"C\"", "", "A", "B", "Z", "a", "ab", "b", "é", "\uFFFD", "\uD83D\uDE00");
        assertSameOrder(db, "varchar(10) COLLATE \"POSIX\"", "a", "B", "c", "D");
    }

    @Test
    void linguisticCollationsAreComparedInSql(TestDatabase db) throws Exception {
        String icu = CopyFixture.icuCollation(db);
        assumeTrue(icu != null, "this PostgreSQL has no ICU collations");
        db.execute("CREATE TABLE words (w text COLLATE \"" + icu + "\" PRIMARY KEY, n int)",
                "CREATE TABLE plain (w text PRIMARY KEY, n int)");
        CopyFixture f = new CopyFixture(db, "public.words");
        try (Connection c = f.ds.getConnection()) {
            KeyColumns words = KeyColumns.read(c, TableRef.parse("public.words"));
            assertEquals(Optional.empty(), words.javaOrder(), "a linguistic collation is never compared in Java");
            assertEquals(Optional.of("pg_catalog.\"" + icu + "\""), words.columns().get(0).collation());
            boolean[][] below = new SqlKeyComparisons(words).below(c,
                    List.of(List.of("a"), List.of("B"), List.of("c"), List.of("A")), List.of(List.of("B"), List.of("b")));
            // ICU: a < A < b < B < c; "C" would say A < B < a < b < c.
            assertArrayEquals(new boolean[]{true, true}, below[0]);
            assertArrayEquals(new boolean[]{false, false}, below[1]);
            assertArrayEquals(new boolean[]{false, false}, below[2]);
            assertArrayEquals(new boolean[]{true, true}, below[3]);
            KeyColumns plain = KeyColumns.read(c, TableRef.parse("public.plain"));
            boolean byteOrder = f.strings("SELECT datcollate FROM pg_database WHERE datname = current_database()")
                    .stream().anyMatch(l -> l.equals("C") || l.equals("POSIX"));
            assertEquals(byteOrder, plain.javaOrder().isPresent(), "the database default is used only if it is C");
        }
    }

    @Test
    void compositeKeysCompareInSqlWithOneParameterPerColumn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE pairs (a int, b text COLLATE \"C\", PRIMARY KEY (a, b))");
        CopyFixture f = new CopyFixture(db, "public.pairs");
        try (Connection c = f.ds.getConnection()) {
            KeyColumns key = KeyColumns.read(c, TableRef.parse("public.pairs"));
            List<List<String>> keys = new ArrayList<>();
            for (int i = -500; i < 500; i++) {
                keys.add(List.of(Integer.toString(i), i % 2 == 0 ? "B" : "a"));
            }
            List<List<String>> bounds = List.of(List.of("0", "B"), List.of("0", "a"), List.of("-1", "zz"));
            boolean[][] below = new SqlKeyComparisons(key).below(c, keys, bounds);
            JavaKeyOrder java = key.javaOrder().orElseThrow();
            for (int i = 0; i < keys.size(); i++) {
                for (int j = 0; j < bounds.size(); j++) {
                    assertEquals(java.compare(keys.get(i), bounds.get(j)) < 0, below[i][j], keys.get(i) + " < " + bounds.get(j));
                }
            }
        }
    }
}
