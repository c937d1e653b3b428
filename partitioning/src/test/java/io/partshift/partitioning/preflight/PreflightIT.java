package io.partshift.partitioning.preflight;

import io.partshift.config.BadInputException;
import io.partshift.config.MigrationSpec;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.partshift.partitioning.TestSpecs.hash;
import static io.partshift.partitioning.TestSpecs.range;
import static io.partshift.partitioning.preflight.CheckResult.Status.FAIL;
import static io.partshift.partitioning.preflight.CheckResult.Status.SKIPPED;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class PreflightIT {

    @Test
    void aCleanTablePassesEveryCheck(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL,"
                        + " tenant int NOT NULL, payload jsonb, PRIMARY KEY (id, created_at, tenant))",
                "CREATE INDEX events_tenant ON events (tenant)",
                "INSERT INTO events (created_at, tenant) SELECT now() - g * interval '1 day', g % 7"
                        + " FROM generate_series(1, 100) g");

        PreflightReport report = run(db, spec(db, "events", range("created_at", "1 month"), hash("tenant", 4)));

        assertTrue(report.passed(), report::text);
        report.throwIfFailed();
        assertEquals(names(Preflight.all()), report.results().stream().map(CheckResult::check).toList(),
                "every check ran, in order");
        assertTrue(report.results().stream().noneMatch(r -> r.status() == SKIPPED), report::text);
        // The only warning a clean table gets is the one no catalog can rule out.
        assertEquals(List.of(PartitionKeyUpdateCheck.NAME), names(report.warnings()), report::text);
    }

    @Test
    void aTableWithSeveralProblemsReportsEachOfThem(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, email text UNIQUE, amount int, created_at date)",
                "INSERT INTO events VALUES (1, 'a@x', 5, NULL), (2, 'b@x', 7, '2024-01-01')",
                "ALTER TABLE events REPLICA IDENTITY NOTHING",
                "ALTER TABLE events ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID",
                "CREATE TABLE refunds (event_id bigint REFERENCES events)");

        PreflightReport report = run(db, monthly(db, "events", "created_at"));

        assertEquals(Set.of(ReplicaIdentityCheck.NAME, PartitionKeyNotNullCheck.NAME, UniqueConstraintsCheck.NAME,
                InboundForeignKeysCheck.NAME, NotValidConstraintsCheck.NAME), Set.copyOf(names(report.failures())),
                report::text);
        BadInputException thrown = assertThrows(BadInputException.class, report::throwIfFailed);
        String first = report.failures().get(0).message();
        assertEquals(first.substring(0, first.length() - 1) + " (and 4 more problems).", thrown.getMessage());
        assertTrue(report.text().lines().anyMatch(l -> l.startsWith("FAIL  partition-key-not-null") && l.contains("1 row")),
                report::text);
    }

    @Test
    void aMissingTableSkipsTheTableChecksButStillChecksTheServer(TestDatabase db) throws Exception {
        PreflightReport report = run(db, monthly(db, "nope", "created_at"));

        assertEquals(List.of(TableExistsCheck.NAME), names(report.failures()), report::text);
        for (PreflightCheck check : Preflight.all()) {
            CheckResult result = report.result(check.name());
            if (check.needsTable()) {
                assertEquals(SKIPPED, result.status(), result::toString);
                assertTrue(result.message().contains("table-exists"), result::toString);
            } else {
                assertTrue(result.status() != SKIPPED, result::toString);
            }
        }
        assertTrue(report.text().contains("skip  has-primary-key"), report::text);
        assertTrue(report.text().contains("ok    wal-level"), report::text);
    }

    @Test
    void aViewIsRefusedByNameWithoutNoiseFromTheTableChecks(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE base (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE VIEW events AS SELECT * FROM base");

        PreflightReport report = run(db, monthly(db, "events", "created_at"));

        assertEquals(List.of(TableExistsCheck.NAME), names(report.failures()), report::text);
        assertEquals(SKIPPED, report.result(HasPrimaryKeyCheck.NAME).status());
        BadInputException thrown = assertThrows(BadInputException.class, report::throwIfFailed);
        assertTrue(thrown.getMessage().startsWith("public.events is a view"), thrown.getMessage());
    }

    /**
     * The read-only proof: every check runs inside a READ ONLY transaction (where any write would raise an error),
     * on a table that makes every check do its most work, and the catalog is unchanged afterwards.
     */
    @Test
    void runningEveryCheckChangesNothing(TestDatabase db) throws Exception {
        MigrationSpec spec = spec(db, "events", range("created_at", "1 month"), hash("payload", 4));
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, email text UNIQUE, payload json, amount int,"
                        + " created_at date, parent_id bigint REFERENCES events)",
                "INSERT INTO events VALUES (1, 'a@x', '{}', 5, NULL, NULL), (2, 'b@x', '[]', 7, '2024-01-01', 1)",
                "ALTER TABLE events ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID",
                "CREATE VIEW recent AS SELECT * FROM events",
                "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER events_noop BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION noop()",
                "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
                "CREATE PUBLICATION " + spec.names().publication() + " FOR TABLE events",
                "CREATE TABLE " + spec.names().shadow().sql() + " (id bigint)");
        PreflightReport report;
        CatalogSnapshot before;
        CatalogSnapshot after;
        try (Connection snapshots = db.connect(); Connection c = db.connect()) {
            before = CatalogSnapshot.take(snapshots);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            report = new Preflight().run(PreflightContext.read(c, spec));
            c.commit();
            after = CatalogSnapshot.take(snapshots);
        }

        assertTrue(report.failures().size() >= 6, report::text);
        assertEquals(before, after, () -> before.diff(after));
    }

    @Test
    void aFailingQueryPropagatesInsteadOfHidingInTheReport(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");
        PreflightContext context;
        try (Connection c = db.connect()) {
            context = PreflightContext.read(c, monthly(db, "events", "created_at"));
        }

        assertThrows(SQLException.class, () -> new Preflight().run(context));
    }

    private static PreflightReport run(TestDatabase db, MigrationSpec spec) throws SQLException {
        try (Connection c = db.connect()) {
            return new Preflight().run(PreflightContext.read(c, spec));
        }
    }

    private static List<String> names(List<?> checksOrResults) {
        return checksOrResults.stream().map(o -> o instanceof PreflightCheck p ? p.name() : ((CheckResult) o).check())
                .collect(Collectors.toList());
    }
}
