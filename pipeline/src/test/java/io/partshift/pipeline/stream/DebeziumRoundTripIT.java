package io.partshift.pipeline.stream;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the text values are exact: every change to a table of many column types is applied, in a naive test-only
 * way, onto a plain copy with {@code ?::type} casts, and both tables must then print the same {@code t::text}.
 */
@ExtendWith(PostgresExtension.class)
class DebeziumRoundTripIT {
    private static final String BIG = "toasted ".repeat(40_000) + "é\u00e9\n end";

    private static final String COLUMNS = """
            id int PRIMARY KEY,
            i int, sm smallint, b bigint, n numeric(12,2), nn numeric, r real, d double precision,
            t text, vc varchar(20), c char(5), bo boolean,
            dt date, tm time, tm3 time(3), ts timestamp, ts3 timestamp(3), tstz timestamptz, iv interval,
            u uuid, jb jsonb, j json, by bytea,
            ia int[], ia2 int[], ta text[], ba bytea[], na numeric[], tsa timestamptz[], dta date[], ttza timetz[],
            e mood, ea mood[], ip inet, ci cidr, mac macaddr, tv tsvector, m money, vb varbit(20), bt bit(4),
            b1 bit(1), pt point, bx box, cl circle, ls lseg, pa path, po polygon, l line, lsn pg_lsn, x xml,
            ir int4range, %s
            g int GENERATED ALWAYS AS (i * 2) STORED,
            big text, bigj jsonb, biga int[]""";

    private static final String ROW_1 = """
            INSERT INTO rt (id, i, sm, b, n, nn, r, d, t, vc, c, bo, dt, tm, tm3, ts, ts3, tstz, iv, u, jb, j, by,
                            ia, ia2, ta, ba, na, tsa, dta, ttza, e, ea, ip, ci, mac, tv, m, vb, bt, b1,
                            pt, bx, cl, ls, pa, po, l, lsn, x, ir %s)
            VALUES (1, -1073741824, 32767, 9223372036854775807, 1234567890.12, 'NaN', 'NaN', '-Infinity',
                    E'quote '' dq " backslash \\\\ tab\\t newline\\n unicode é 中文 🐘', 'varchar', 'ab',
                    true, '2020-02-29', '23:59:59.999999', '10:00:00.5', '2020-01-01 10:00:00.123456',
                    '2020-01-01 10:00:00.123', '2020-01-01 10:00:00.123456+02', '1 year 2 mons -3 days 04:05:06.789',
                    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2.50, "x"], "b": null}', '{"a" :  1 }',
                    '\\xdeadbeef00', '{1,NULL,3}', '{{1,2},{3,NULL}}',
                    ARRAY['a"b', NULL, 'c,d', 'NULL', '', 'sp ace', 'back\\slash', '{}', 'é'],
                    ARRAY['\\x0102'::bytea, NULL], '{1.10,NaN,-0.5}', '{"2020-01-01 00:00:00+00",infinity}',
                    '{infinity,2020-01-01,-infinity}', '{10:00:00+05:30,NULL}', 'ok', '{sad,happy}',
                    '10.0.0.1/8', '10.0.0.0/8', '08:00:2b:01:02:03', 'a fat cat sat', -1234567.89, B'00101',
                    B'0110', B'1', '(1.5,2)', '((0,0),(1,1))', '<(1,2),3>', '[(0,0),(1,1)]',
                    '[(0,0),(1,1),(2,0)]', '((0,0),(1,1),(2,0))', '{1,2,3}', '16/B374D848', '<a>x &amp; y</a>',
                    '[1,5)' %s)""";

    private static final String ROW_2 = """
            INSERT INTO rt (id, nn, r, d, dt, ts, tstz, tm, iv, t, c, ia, ta, vb, bt, b1, m, n)
            VALUES (2, 'Infinity', 'Infinity', 'NaN', 'infinity', '-infinity', 'infinity', '24:00:00',
                    '-00:00:00.000001', '', '', '{}', '{}', B'', B'0000', B'0', 0, -0.01)""";

    private static final String ROW_3 = """
            INSERT INTO rt (id, nn, dt, ts, tstz, iv, r, d)
            VALUES (3, '-Infinity', '4713-01-01 BC', '0001-01-01 00:00:00 BC', '4713-01-01 00:00:00+00 BC',
                    '178000000 years', 1.1, 0.30000000000000004)""";

    @Test
    void everyChangeAppliedAsTextReproducesTheSourceExactly(TestDatabase db) throws Exception {
        boolean hstore = tryHstore(db);
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE rt (" + COLUMNS.formatted(hstore ? "h hstore," : "") + ")",
                "CREATE TABLE copy (LIKE rt INCLUDING GENERATED)");
        StreamFixture f = new StreamFixture(db, "rt").setUp();
        CollectingHandler handler = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(handler)) {
            db.execute(ROW_1.formatted(hstore ? ", h" : "", hstore ? ", 'a=>1, b=>NULL, \"c d\"=>\"x\\\"y\"'" : ""),
                    ROW_2, ROW_3,
                    "INSERT INTO rt (id) VALUES (4)",
                    "INSERT INTO rt (id, i, big, bigj, biga, ta, na, vb) SELECT 5, 1, '" + BIG + "',"
                            + " jsonb_build_object('k', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 5000) g)),"
                            + " (SELECT array_agg(g) FROM generate_series(1, 100000) g), "
                            + " (SELECT array_agg(md5(g::text)) FROM generate_series(1, 5000) g),"
                            + " (SELECT array_agg(g / 7.0) FROM generate_series(1, 5000) g), B'1'");
            db.execute("UPDATE rt SET i = 2 WHERE id = 5", // leaves every TOASTed column unchanged
                    "UPDATE rt SET t = 'updated', ia = '{7}', dt = NULL WHERE id = 1",
                    "UPDATE rt SET i = NULL, d = NULL WHERE id IN (1, 3)",
                    "UPDATE rt SET id = 6 WHERE id = 4",
                    "DELETE FROM rt WHERE id = 2",
                    "INSERT INTO rt (id, t) VALUES (2, 'back again')",
                    "UPDATE rt SET big = big || '!' WHERE id = 5",
                    "INSERT INTO rt (id, nn, n, r, d) VALUES (7, 1.10, 0.00, '-0', 1e-300)",
                    "UPDATE rt SET nn = 123456789012345678901234567890.123456789000 WHERE id = 7");
            List<ChangeEvent> events = handler.awaitEvents(16);
            assertEquals(16, events.size());

            ChangeEvent toastUpdate = events.get(5);
            assertEquals(List.of("5"), toastUpdate.key());
            assertTrue(toastUpdate.unavailable().containsAll(Set.of("big", "bigj", "biga", "ta", "na")),
                    "unchanged TOASTed columns: " + toastUpdate.unavailable());
            assertFalse(toastUpdate.row().keySet().stream().anyMatch(toastUpdate.unavailable()::contains));
            assertEquals("2", toastUpdate.row().get("i"));
            assertTrue(events.stream().noneMatch(e -> e.row().containsKey("g")), "generated columns are not streamed");
            assertTrue(events.stream().flatMap(e -> e.row().values().stream())
                    .noneMatch(v -> v != null && v.contains("__debezium_unavailable_value")));

            try (Connection c = db.connect()) {
                apply(c, events);
                assertEquals(rows(c, "rt"), rows(c, "copy"));
                assertEquals(List.of(1, 2, 3, 5, 6, 7), ids(c));
            }
        }
    }

    @Test
    void timetzIsRefusedBecauseDebeziumDropsItsOffset(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE tz (id int PRIMARY KEY, at timetz)");
        StreamFixture f = new StreamFixture(db, "tz").setUp();
        try (DebeziumChangeSource source = f.source()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(new CollectingHandler()));
            assertTrue(e.getMessage().contains("[at]") && e.getMessage().contains("time with time zone"), e.getMessage());
        }
    }

    @Test
    void aValueThatCannotBeCarriedExactlyStopsTheStreamNamingColumnAndLsn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE far (id int PRIMARY KEY, ts timestamp)");
        StreamFixture f = new StreamFixture(db, "far").setUp();
        CollectingHandler handler = new CollectingHandler();
        try (DebeziumChangeSource source = f.started(handler)) {
            db.execute("INSERT INTO far VALUES (1, '2020-01-01'), (2, '294276-12-31 23:59:59.999999')");
            await().atMost(CollectingHandler.WAIT).until(() -> source.failure().isPresent());
            String message = source.failure().get().getMessage();
            assertTrue(message.contains("public.far.ts") && message.contains("at LSN"), message);
            assertTrue(handler.events().isEmpty(), "nothing of the transaction was acknowledged");
        }
    }

    private static boolean tryHstore(TestDatabase db) {
        try {
            db.execute("CREATE EXTENSION hstore");
            return true;
        } catch (SQLException e) {
            return false; // the embedded binaries may lack contrib modules
        }
    }

    /** The naive applier: delete and insert a full row, update only the given columns of a partial one. */
    private static void apply(Connection c, List<ChangeEvent> events) throws SQLException {
        Map<String, String> types = columnTypes(c);
        for (ChangeEvent e : events) {
            if (e.kind() == ChangeEvent.Kind.DELETE || !e.isPartial()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM copy WHERE id = ?::int")) {
                    ps.setString(1, e.key().get(0));
                    ps.executeUpdate();
                }
            }
            if (e.kind() == ChangeEvent.Kind.DELETE) {
                continue;
            }
            List<String> cols = new ArrayList<>(e.row().keySet());
            String sql;
            if (e.isPartial()) {
                sql = "UPDATE copy SET " + cols.stream().map(col -> col + " = ?::" + types.get(col))
                        .collect(Collectors.joining(", ")) + " WHERE id = ?::int";
            } else {
                sql = "INSERT INTO copy (" + String.join(", ", cols) + ") VALUES ("
                        + cols.stream().map(col -> "?::" + types.get(col)).collect(Collectors.joining(", ")) + ")";
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < cols.size(); i++) {
                    ps.setString(i + 1, e.row().get(cols.get(i)));
                }
                if (e.isPartial()) {
                    ps.setString(cols.size() + 1, e.key().get(0));
                }
                assertEquals(1, ps.executeUpdate(), sql);
            }
        }
    }

    private static Map<String, String> columnTypes(Connection c) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT attname,"
                + " format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'copy'::regclass"
                + " AND attnum > 0 AND NOT attisdropped")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        return types;
    }

    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static List<Integer> ids(Connection c) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM copy ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
