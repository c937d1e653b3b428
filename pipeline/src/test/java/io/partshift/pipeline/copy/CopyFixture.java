package io.partshift.pipeline.copy;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.CopySpec;
import io.partshift.config.CutoverMode;
import io.partshift.config.CutoverSpec;
import io.partshift.config.LagSpec;
import io.partshift.config.LogFormat;
import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionInterval;
import io.partshift.config.PartitionKey;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.config.PartitioningSpec;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.config.TargetSpec;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlans;
import io.partshift.pipeline.state.StateSchema;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source table with its shadow and state schema on a real PostgreSQL, and the steps the copy ITs repeat: copy,
 * resume, compare row for row.
 */
final class CopyFixture {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-11T12:00:00Z"), ZoneOffset.UTC);
    static final StateSchema STATE = new StateSchema("partshift");

    final TestDatabase db;
    final TableRef table;
    final DataSource ds;
    TableRef shadow;

    CopyFixture(TestDatabase db, String table) {
        this.db = db;
        this.table = TableRef.parse(table);
        this.ds = dataSource(db);
    }

    static DataSource dataSource(TestDatabase db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.user());
        ds.setApplicationName("partshift-test");
        return ds;
    }

    static PartitionLevel hash(String column, int modulus) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.HASH, column), Optional.empty(),
                OptionalInt.of(modulus), List.of());
    }

    static PartitionLevel range(String column, String interval) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.RANGE, column),
                Optional.of(PartitionInterval.parse(interval, "interval")), OptionalInt.empty(), List.of());
    }

    static CopySpec copySpec(int parallelism) {
        return new CopySpec(10_000, Duration.ofMillis(500), parallelism, Duration.ofSeconds(30));
    }

    MigrationSpec spec(PartitionLevel top) {
        TargetSpec target = new TargetSpec(new ConnectionSpec(db.url(), db.user(), Secret.none()), table,
                STATE.name());
        return new MigrationSpec(target, new PartitioningSpec(top, Optional.empty(), true, 3, Optional.empty(), 1000),
                copySpec(2), new LagSpec(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5)),
                new CutoverSpec(CutoverMode.AUTO, Duration.ofSeconds(1), 10, 0), LogFormat.LOGFMT);
    }

    /** Analyzes the source, plans and creates its shadow, and creates the state schema. */
    CopyFixture prepare(PartitionLevel top) throws SQLException {
        db.execute("ANALYZE " + table.sql());
        try (Connection c = ds.getConnection()) {
            MigrationSpec spec = spec(top);
            new ShadowCreator(c).create(ShadowPlans.plan(c, source(c), spec, CLOCK));
            STATE.create(c);
            shadow = spec.names().shadow();
        }
        return this;
    }

    SourceTable source() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return source(c);
        }
    }

    private SourceTable source(Connection c) throws SQLException {
        return new CatalogReader(c).read(table).orElseThrow();
    }

    CopyProgress load() throws SQLException {
        return CopyProgress.load(ds, STATE, source());
    }

    BulkCopier copier(CopyProgress progress, int parallelism, int chunkRows, StripeCopy.ChunkListener listener) {
        return new BulkCopier(ds, progress, shadow, copySpec(parallelism), CopyThrottle.NONE,
                () -> ChunkSizer.fixed(chunkRows), listener);
    }

    /** A whole copy by a fresh copier, as a restarted process would run it. */
    CopySnapshot copy(int parallelism, int chunkRows) throws Exception {
        try (CopyProgress progress = load()) {
            copier(progress, parallelism, chunkRows, StripeCopy.ChunkListener.NONE).run();
            assertTrue(progress.isFinished());
            return progress.snapshot();
        }
    }

    /** Same number of rows, and the same rows by their text, both ways; the chunks add up to the rows. */
    void assertSameRows() throws SQLException {
        long rows = value("SELECT count(*) FROM " + table.sql());
        assertEquals(rows, value("SELECT count(*) FROM " + shadow.sql()), "rows in the shadow");
        assertEquals(0, value("SELECT count(*) FROM (SELECT t::text FROM " + table.sql() + " t EXCEPT ALL"
                + " SELECT t::text FROM " + shadow.sql() + " t) d"), "source rows missing from the shadow");
        assertEquals(0, value("SELECT count(*) FROM (SELECT t::text FROM " + shadow.sql() + " t EXCEPT ALL"
                + " SELECT t::text FROM " + table.sql() + " t) d"), "shadow rows not in the source");
    }

    /** Rows the chunks table says were copied (which, with a static source, is the row count). */
    long chunkedRows() throws SQLException {
        return value("SELECT coalesce(sum(rows), 0) FROM " + STATE.chunks() + " WHERE source = '" + table + "'");
    }

    long value(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** An ICU collation where 'a' < 'B' (unlike "C"), or null when the server has none. */
    static String icuCollation(TestDatabase db) throws SQLException {
        List<String> names = new CopyFixture(db, "public.none").strings("SELECT collname FROM pg_collation"
                + " WHERE collname IN ('en-x-icu', 'und-x-icu') ORDER BY collname");
        return names.isEmpty() ? null : names.get(0);
    }

    /** Starts over: an empty shadow and no copy state. */
    void reset() throws SQLException {
        db.execute("TRUNCATE " + shadow.sql(), "DELETE FROM " + STATE.chunks() + " WHERE source = '" + table + "'");
    }
}
