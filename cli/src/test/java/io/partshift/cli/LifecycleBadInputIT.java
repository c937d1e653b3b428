package io.partshift.cli;

import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input to maintain and partitions ends with exit code 2, one line on stderr naming the problem, nothing on
 * stdout, and the catalog exactly as it was.
 */
@ExtendWith(PostgresExtension.class)
class LifecycleBadInputIT {
    private static final List<String> MONTHLY = List.of("--table", "public.events", "--partition-by",
            "RANGE (created_at)", "--interval", "1 month");

    /** A name, extra setup SQL, the arguments after the connection flags, and words the error must hold. */
    record Case(String name, String setup, List<String> args, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<String> monthly(String... more) {
        List<String> args = new ArrayList<>(List.of("maintain"));
        args.addAll(MONTHLY);
        args.addAll(List.of(more));
        return args;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("maintain on a plain table", "CREATE TABLE plain (id int, created_at timestamptz)",
                        List.of("maintain", "--table", "public.plain", "--partition-by", "RANGE (created_at)",
                                "--interval", "1 month"), "not a partitioned table"),
                new Case("maintain on a missing table", "", List.of("maintain", "--table", "public.nope",
                        "--partition-by", "RANGE (created_at)", "--interval", "1 month"), "does not exist"),
                new Case("spec partitions by another key", "", List.of("maintain", "--table", "public.events",
                        "--partition-by", "LIST (campaign_id)"), "is partitioned by RANGE (created_at)"),
                new Case("no partition-by", "", List.of("maintain", "--table", "public.events"), "--partition-by"),
                new Case("a --now that is no time", "", monthly("--now", "next tuesday"), "--now 'next tuesday'"),
                new Case("archive without retention", "", monthly("--archive-schema", "archive"), "--retention"),
                new Case("retention on LIST", "", List.of("maintain", "--table", "public.events", "--partition-by",
                        "LIST (campaign_id)", "--retention", "1 year"), "--retention only applies"),
                new Case("too many partitions", "", monthly("--premake", "12", "--max-partitions", "6"),
                        "--max-partitions 6"),
                new Case("a premade partition's name is taken", "CREATE TABLE public.events_p2026_04 (id int)",
                        monthly("--now", "2026-03-20"), "events_p2026_04"),
                new Case("misspelt flag", "", monthly("--premak", "3"), "premak"),
                new Case("lock timeout out of range", "", monthly("--maintain-lock-timeout", "0ms"),
                        "--maintain-lock-timeout"),
                new Case("partitions in an unknown format", "", List.of("partitions", "--table", "public.events",
                        "--format", "xml"), "--format 'xml'"),
                new Case("partitions of a plain table", "CREATE TABLE plain (id int)", List.of("partitions",
                        "--table", "public.plain"), "not a partitioned table"),
                new Case("partitions with a size that is no size", "", List.of("partitions", "--table",
                        "public.events", "--max-partition-size", "10 GiB"), "not a size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputExitsTwoAndChangesNothing(Case c, TestDatabase db) throws Exception {
        db.execute(LifecycleCommandsIT.EVENTS);
        if (!c.setup().isEmpty()) {
            db.execute(c.setup());
        }
        CatalogSnapshot before = snapshot(db);
        List<String> args = new ArrayList<>(List.of(c.args().get(0), "--url", db.url(), "--user", db.user()));
        args.addAll(c.args().subList(1, c.args().size()));
        CliRun run = CliRun.of(args.toArray(String[]::new));

        run.assertBadInput(c.expected());
        CatalogSnapshot after = snapshot(db);
        assertEquals(before, after, () -> "the database changed:\n" + before.diff(after));
    }

    private static CatalogSnapshot snapshot(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c);
        }
    }
}
