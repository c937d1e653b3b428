package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.config.SpecReader;
import io.partshift.config.TableRef;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.pruning.PruningCheck;
import io.partshift.partitioning.pruning.PruningReport;
import io.partshift.partitioning.pruning.PruningVerdict;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs maintain against a test database at a given "now", with the spec given as flags, as the CLI would. */
final class Lifecycle {
    private Lifecycle() {
    }

    /** A spec from {@code name, value} pairs (names without dashes), for the test database. */
    static MaintenanceSpec spec(TestDatabase db, String... nameValue) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            flags.computeIfAbsent(nameValue[i], k -> new ArrayList<>()).add(nameValue[i + 1]);
        }
        flags.putIfAbsent("url", List.of(db.url()));
        flags.putIfAbsent("user", List.of(db.user()));
        return SpecReader.read(Optional.empty(), flags, Map.of()).maintenance();
    }

    static MaintenanceResult maintain(TestDatabase db, String now, MaintenanceSpec spec) throws SQLException {
        return run(db, now, spec, false);
    }

    static MaintenanceResult dryRun(TestDatabase db, String now, MaintenanceSpec spec) throws SQLException {
        return run(db, now, spec, true);
    }

    private static MaintenanceResult run(TestDatabase db, String now, MaintenanceSpec spec, boolean dryRun)
            throws SQLException {
        // As the spec's user, as the CLI would connect.
        try (Connection c = DriverManager.getConnection(spec.target().connection().url(),
                spec.target().connection().jdbcProperties())) {
            List<String> log = new ArrayList<>();
            MaintenanceResult result = new Maintainer(c, clock(now)).maintain(spec, dryRun, o -> log.add(o.summary()));
            log.forEach(System.out::println);
            System.out.println(result.summary());
            result.plan().warnings().forEach(w -> System.out.println("warning: " + w));
            return result;
        }
    }

    static Clock clock(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** The direct partitions of {@code table} with their bounds, as {@code name: bound}, in name order. */
    static List<String> partitions(TestDatabase db, String table) throws SQLException {
        return strings(db, "SET TimeZone = 'UTC'", "SELECT c.relname || ': ' || pg_get_expr(c.relpartbound, c.oid)"
                + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '" + table
                + "'::regclass ORDER BY c.relname");
    }

    /** The names of the direct partitions of {@code table}, in name order. */
    static List<String> partitionNames(TestDatabase db, String table) throws SQLException {
        return strings(db, "SELECT 1", "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = '" + table + "'::regclass ORDER BY c.relname");
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Asserts that the catalog is as {@code before} says, showing the difference when not. */
    static void assertUnchanged(TestDatabase db, CatalogSnapshot before) throws SQLException {
        CatalogSnapshot after = snapshot(db);
        assertEquals(before, after, () -> "the database changed:\n" + before.diff(after));
    }

    /** Runs maintain once more at the same "now": it must find nothing to do and change nothing. */
    static void assertSecondRunChangesNothing(TestDatabase db, String now, MaintenanceSpec spec) throws SQLException {
        CatalogSnapshot before = snapshot(db);
        MaintenanceResult again = maintain(db, now, spec);
        assertTrue(again.plan().isEmpty(), again::summary);
        assertUnchanged(db, before);
    }

    /** The pruning check of {@code query} on {@code table}, which must prune. */
    static PruningReport assertPrunes(TestDatabase db, TableRef table, String query) throws SQLException {
        try (Connection c = db.connect()) {
            PruningReport report = new PruningCheck().check(c, table, query);
            assertEquals(PruningVerdict.PRUNED, report.verdict(), report::text);
            return report;
        }
    }

    static CatalogSnapshot snapshot(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c);
        }
    }

    /** The first column of every row of {@code sql}, as text. */
    static List<String> strings(TestDatabase db, String sql) throws SQLException {
        return strings(db, "SELECT 1", sql);
    }

    static List<Long> longs(TestDatabase db, String sql) throws SQLException {
        return strings(db, sql).stream().map(Long::valueOf).toList();
    }

    private static List<String> strings(TestDatabase db, String setup, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(setup);
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
