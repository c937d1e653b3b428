package io.partshift.partitioning.preflight;

import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionLevel;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs one check against a test database the way {@link Preflight} would, and asserts on what it said. */
final class Checks {
    private Checks() {
    }

    static MigrationSpec spec(TestDatabase db, String table, PartitionLevel top) {
        return TestSpecs.migration(db.url(), db.user(), table, TestSpecs.partitioning(top));
    }

    static MigrationSpec spec(TestDatabase db, String table, PartitionLevel top, PartitionLevel sub) {
        return TestSpecs.migration(db.url(), db.user(), table, TestSpecs.partitioning(top, sub));
    }

    /** A RANGE-by-month migration of {@code table} on {@code column}, the most common case. */
    static MigrationSpec monthly(TestDatabase db, String table, String column) {
        return spec(db, table, TestSpecs.range(column, "1 month"));
    }

    static CheckResult run(PreflightCheck check, TestDatabase db, MigrationSpec spec) throws SQLException {
        try (Connection c = db.connect()) {
            return run(check, c, spec);
        }
    }

    static CheckResult run(PreflightCheck check, Connection c, MigrationSpec spec) throws SQLException {
        CheckResult result = check.run(PreflightContext.read(c, spec));
        assertEquals(check.name(), result.check(), "a result names its check");
        return result;
    }

    /** A connection as a role made by {@link TestDatabase#createRole} (the test server trusts local logins). */
    static Connection connectAs(TestDatabase db, String role) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role);
        return DriverManager.getConnection(db.url(), props);
    }

    /** Asserts the status and that the message names every one of {@code words}; shows the message otherwise. */
    static void assertResult(CheckResult result, CheckResult.Status status, String... words) {
        assertEquals(status, result.status(), () -> "status of: " + result.message());
        for (String word : words) {
            assertTrue(result.message().contains(word), () -> "expected \"" + word + "\" in: " + result.message());
        }
        if (status == CheckResult.Status.FAIL) {
            assertOneSentence(result.message());
        }
    }

    /** FAIL messages become the CLI's one-sentence error: no sentence break inside, ending with a full stop or ';'. */
    static void assertOneSentence(String message) {
        String outsideSql = message.replaceAll("'[^']*'", "''").replace("e.g.", "eg").replace("...", "~");
        assertTrue(!outsideSql.matches("(?s).*[.?!] [A-Z].*"), () -> "more than one sentence: " + message);
        assertTrue(message.endsWith(".") || message.endsWith(";"), () -> "not a finished sentence: " + message);
    }

    /**
     * The SQL statement a message recommends, from {@code start} up to the words that follow it (" first",
     * " before", " (", or the ")" closing an aside) or the final full stop, so tests can run the advice they assert on.
     */
    static String remedy(String message, String start) {
        int from = message.indexOf(start);
        assertTrue(from >= 0, () -> "no \"" + start + "\" in: " + message);
        String tail = message.substring(from);
        int end = tail.length() - (tail.endsWith(".") ? 1 : 0);
        for (String stop : new String[] {" first", " before", " (", ")"}) {
            int at = tail.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return tail.substring(0, end).trim();
    }
}
