package io.partshift.cli;

import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad input ends with exit code 2, a message on stderr that names the problem, and the database exactly as
 * it was: a catalog snapshot (relations, columns, constraints, indexes, sequences, row counts, publications, slots)
 * taken before and after must be equal. Each case runs {@code prepare}, the command that would change things.
 */
@ExtendWith(PostgresExtension.class)
class BadInputIT {
    private static final String RANGE = "RANGE (created_at)";

    /** A name, the SQL that sets the table up, the arguments after the connection flags, and words the error must hold. */
    record Case(String name, String setup, List<String> args, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String EVENTS = """
            CREATE TABLE public.events (id bigserial PRIMARY KEY, campaign_id int NOT NULL,
                created_at timestamptz NOT NULL, kind text NOT NULL, note text);
            INSERT INTO public.events (campaign_id, created_at, kind)
                SELECT g % 5, timestamptz '2026-01-01' + g * interval '1 hour', 'k' || (g % 3)
                  FROM generate_series(1, 500) g;
            """;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unknown flag", EVENTS, List.of("--table", "public.events", "--partition-byy", RANGE), "partition-byy"),
                new Case("bad interval", EVENTS, List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 hour"),
                        "day, week, month or year"),
                new Case("modulus below 2", EVENTS, List.of("--table", "public.events", "--partition-by", "HASH (id)", "--modulus", "1"),
                        "modulus"),
                new Case("interval with LIST", EVENTS, List.of("--table", "public.events", "--partition-by", "LIST (campaign_id)",
                        "--interval", "1 month"), "interval"),
                new Case("sub-modulus without subpartition-by", EVENTS, List.of("--table", "public.events", "--partition-by", RANGE,
                        "--interval", "1 month", "--sub-modulus", "4"), "subpartition-by"),
                new Case("no partition-by", EVENTS, List.of("--table", "public.events"), "partition-by"),
                new Case("password in the url", EVENTS, List.of("--url", "jdbc:postgresql://127.0.0.1/x?password=secret",
                        "--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "password"),
                new Case("table does not exist", EVENTS, List.of("--table", "public.nope", "--partition-by", RANGE,
                        "--interval", "1 month"), "public.nope"),
                new Case("column does not exist", EVENTS, List.of("--table", "public.events", "--partition-by", "RANGE (made_at)",
                        "--interval", "1 month"), "made_at"),
                new Case("RANGE by time on a text column", EVENTS, List.of("--table", "public.events", "--partition-by", "RANGE (kind)",
                        "--interval", "1 month"), "kind"),
                new Case("nullable partition key with NULLs", """
                        CREATE TABLE public.events (id int PRIMARY KEY, created_at timestamptz);
                        INSERT INTO public.events VALUES (1, now()), (2, NULL);
                        """, List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "NULL"),
                new Case("no primary key", """
                        CREATE TABLE public.events (id int, created_at timestamptz NOT NULL);
                        INSERT INTO public.events VALUES (1, now());
                        """, List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "primary key"),
                new Case("already partitioned", """
                        CREATE TABLE public.events (id int, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))
                            PARTITION BY RANGE (created_at);
                        CREATE TABLE public.events_all PARTITION OF public.events DEFAULT;
                        """, List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "partitioned"),
                new Case("unique constraint without the partition key", EVENTS + """
                        ALTER TABLE public.events ADD CONSTRAINT events_note_key UNIQUE (note);
                        """, List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "events_note_key"),
                new Case("inbound foreign key", EVENTS + """
                        CREATE TABLE public.clicks (id int PRIMARY KEY, event_id bigint REFERENCES public.events (id));
                        """, List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "clicks"),
                new Case("unlogged table", EVENTS + "ALTER TABLE public.events SET UNLOGGED;",
                        List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "SET LOGGED"),
                new Case("replica identity nothing", EVENTS + "ALTER TABLE public.events REPLICA IDENTITY NOTHING;",
                        List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "REPLICA IDENTITY"),
                new Case("leftover shadow table", EVENTS + "CREATE TABLE public.events_partshift (id int);",
                        List.of("--table", "public.events", "--partition-by", RANGE, "--interval", "1 month"), "events_partshift"),
                new Case("too many partitions", EVENTS, List.of("--table", "public.events", "--partition-by", RANGE,
                        "--interval", "1 day", "--max-partitions", "10"), "max-partitions"),
                new Case("LIST value in no group and no DEFAULT", EVENTS, List.of("--table", "public.events",
                        "--partition-by", "LIST (campaign_id)", "--list-group", "low=0,1", "--no-default-partition"), "list-group"),
                new Case("role does not exist", EVENTS, List.of("--user", "nobody_here", "--table", "public.events",
                        "--partition-by", RANGE, "--interval", "1 month"), "nobody_here"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputExitsTwoAndChangesNothing(Case c, TestDatabase db) throws Exception {
        db.execute(c.setup());
        CatalogSnapshot before = snapshot(db);

        List<String> args = new ArrayList<>(List.of("prepare"));
        if (!c.args().contains("--url")) {
            args.addAll(List.of("--url", db.url()));
        }
        if (!c.args().contains("--user")) {
            args.addAll(List.of("--user", db.user()));
        }
        args.addAll(c.args());
        CliRun run = CliRun.of(args.toArray(String[]::new));

        run.assertBadInput(c.expected());
        CatalogSnapshot after = snapshot(db);
        assertEquals(before, after, () -> "the database changed:\n" + before.diff(after));
    }

    @Test
    void migrateRefusesBadInputBeforeCreatingAnything(TestDatabase db) throws Exception {
        db.execute(EVENTS + "ALTER TABLE public.events ADD CONSTRAINT events_note_key UNIQUE (note);");
        CatalogSnapshot before = snapshot(db);
        CliRun run = CliRun.against(db.url(), db.user(), "migrate", "--table", "public.events",
                "--partition-by", RANGE, "--interval", "1 month");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("events_note_key"), run::toString);
        CatalogSnapshot after = snapshot(db);
        assertEquals(before, after, () -> "the database changed:\n" + before.diff(after));

        CliRun unreachable = CliRun.of("migrate", "--url", "jdbc:postgresql://127.0.0.1:1/nowhere", "--user", "x",
                "--table", "public.events", "--partition-by", RANGE, "--interval", "1 month");
        assertEquals(2, unreachable.exitCode(), unreachable::toString);
        assertTrue(unreachable.err().contains("cannot connect"), unreachable::toString);
    }

    @Test
    void unknownKeyInSpecFileExitsTwo(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute(EVENTS);
        Path spec = Files.writeString(dir.resolve("events.yaml"), """
                table: public.events
                partition-by: RANGE (created_at)
                intervall: 1 month
                """);
        CatalogSnapshot before = snapshot(db);
        CliRun run = CliRun.against(db.url(), db.user(), "prepare", "--spec", spec.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("intervall") && run.err().contains("interval"), run::toString);
        assertEquals(before, snapshot(db));
    }

    @Test
    void pruningCheckOfPlainTableIsBadInput(TestDatabase db) throws Exception {
        db.execute(EVENTS);
        CatalogSnapshot before = snapshot(db);
        CliRun run = CliRun.against(db.url(), db.user(), "verify", "--table", "public.events",
                "--query", "SELECT * FROM public.events WHERE created_at > now()");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not a partitioned table"), run::toString);
        assertEquals(before, snapshot(db));
    }

    private static CatalogSnapshot snapshot(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c);
        }
    }
}
