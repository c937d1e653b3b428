package io.partshift.partitioning.preflight;

import io.partshift.config.PartitionLevel;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.partshift.partitioning.TestSpecs.hash;
import static io.partshift.partitioning.TestSpecs.list;
import static io.partshift.partitioning.TestSpecs.range;
import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.OK;
import static io.partshift.partitioning.preflight.CheckResult.Status.SKIPPED;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.run;
import static io.partshift.partitioning.preflight.Checks.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class PartitionKeyTypeCheckIT {
    private final PartitionKeyTypeCheck check = new PartitionKeyTypeCheck();

    @Test
    void acceptsDatesAndTimestampsForCalendarRanges(TestDatabase db) throws Exception {
        db.execute("CREATE DOMAIN event_day AS date",
                "CREATE TABLE events (id bigint PRIMARY KEY, d date, ts timestamp, tz timestamptz, dd event_day)");

        for (String column : List.of("d", "ts", "tz", "dd")) {
            assertResult(run(check, db, spec(db, "events", range(column, "1 month"))), OK, "RANGE on " + column);
        }
    }

    @Test
    void refusesACalendarRangeOnTextAndSuggestsAWholeNumberInterval(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created text)");

        assertResult(run(check, db, spec(db, "events", range("created", "1 month"))), FAIL,
                "column created of public.events is text", "--interval '1 month'", "date, timestamp or timestamptz",
                "whole number");
    }

    @Test
    void acceptsIntegersForNumericRangesButNotFractions(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, small int2, mid int4, whole numeric(12,0),"
                + " price numeric(12,2), ts timestamptz)");

        for (String column : List.of("id", "small", "mid", "whole")) {
            assertResult(run(check, db, spec(db, "events", range(column, "1000000"))), OK, "RANGE on " + column);
        }
        assertResult(run(check, db, spec(db, "events", range("price", "1000"))), FAIL,
                "column price of public.events is numeric(12,2)", "integer column", "'1 month'");
        assertResult(run(check, db, spec(db, "events", range("ts", "1000"))), FAIL,
                "timestamp with time zone", "integer column");
    }

    @Test
    void namesTheSubLevelsOption(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, tenant text NOT NULL, created_at date NOT NULL)");

        assertResult(run(check, db, spec(db, "events", list("tenant"), range("tenant", "1 month"))), FAIL,
                "--sub-interval '1 month'");
    }

    @Test
    void refusesJsonForListAndHashAndSuggestsJsonb(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload json, tags json[], doc jsonb)");

        assertResult(run(check, db, spec(db, "events", list("payload"))), FAIL,
                "column payload of public.events is json", "no default btree operator class", "LIST-partition",
                "another column", "jsonb");
        assertResult(run(check, db, spec(db, "events", hash("payload", 4))), FAIL, "no default hash operator class");
        assertResult(run(check, db, spec(db, "events", list("tags"))), FAIL, "json[]", "btree");
        assertResult(run(check, db, spec(db, "events", hash("doc", 4))), OK, "HASH on doc");
    }

    @Test
    void skipsWhenNoKeyColumnExists(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY)");

        assertResult(run(check, db, spec(db, "events", list("nope"))), SKIPPED, "partition-key-exists");
    }

    /**
     * The operator-class lookup must agree with PostgreSQL itself: for each type, the check's verdict equals whether
     * PostgreSQL accepts a table partitioned that way (created here in the test only, never by the check). The one
     * allowed difference: containers of incomparable elements (json[], a composite holding json), whose DDL
     * PostgreSQL accepts but whose first partition bound or row fails, as the next test shows.
     */
    @Test
    void agreesWithPostgresqlOnWhichTypesCanBeListOrHashPartitioned(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok')", "CREATE TYPE pair AS (a int, b text)",
                "CREATE TYPE bad_pair AS (a int, j json)", "CREATE DOMAIN short_text AS varchar(10)");
        List<String> types = List.of("int4", "text", "varchar(20)", "char(3)", "uuid", "bool", "numeric", "float8",
                "date", "timestamptz", "interval", "bytea", "inet", "cidr", "macaddr", "json", "jsonb", "xml", "point",
                "box", "tsvector", "int4[]", "text[]", "json[]", "point[]", "mood", "mood[]", "int4range", "tstzrange",
                "int4multirange", "pair", "bad_pair", "short_text", "oid", "money", "bit(3)", "varbit", "pg_lsn",
                "tsquery", "xid8", "name");
        List<String> incomparableElements = List.of("json[]", "point[]", "bad_pair");
        List<String> disagreements = new ArrayList<>();
        List<String> stricter = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (int i = 0; i < types.size(); i++) {
                st.execute("CREATE TABLE t" + i + " (id bigint PRIMARY KEY, k " + types.get(i) + ")");
            }
            for (String method : List.of("LIST", "HASH")) {
                for (int i = 0; i < types.size(); i++) {
                    PartitionLevel level = method.equals("LIST") ? list("k") : hash("k", 4);
                    boolean checkAccepts = run(check, c, spec(db, "t" + i, level)).status() == OK;
                    boolean postgresAccepts = accepts(st, "CREATE TABLE p_" + method + i + " (k " + types.get(i)
                            + ") PARTITION BY " + method + " (k)");
                    String verdict = method + " " + types.get(i) + ": check " + checkAccepts + ", PostgreSQL "
                            + postgresAccepts;
                    if (checkAccepts == postgresAccepts) {
                        continue;
                    }
                    boolean allowed = !checkAccepts && incomparableElements.contains(types.get(i));
                    (allowed ? stricter : disagreements).add(verdict);
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(stricter.contains("LIST json[]: check false, PostgreSQL true"), stricter::toString);
        assertTrue(stricter.contains("HASH json[]: check false, PostgreSQL true"), stricter::toString);
    }

    @Test
    void refusesArraysOfJsonWhichPostgresqlOnlyRejectsAtTheFirstComparison(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, tags json[] NOT NULL)",
                "CREATE TABLE by_tags (tags json[]) PARTITION BY LIST (tags)",
                "CREATE TABLE by_tags_1 PARTITION OF by_tags FOR VALUES IN ('{\"{}\"}')");

        SQLException late = assertThrows(SQLException.class, () -> db.execute(
                "CREATE TABLE by_tags_2 PARTITION OF by_tags FOR VALUES IN ('{\"[]\"}')"));
        assertTrue(late.getMessage().contains("could not identify a comparison function for type json"),
                late.getMessage());
        assertResult(run(check, db, spec(db, "events", list("tags"))), FAIL, "json[]", "jsonb");
    }

    private static boolean accepts(Statement st, String ddl) {
        try {
            st.execute(ddl);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
