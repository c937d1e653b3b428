package io.partshift.pipeline.apply;

import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitioningSpec;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlan;
import io.partshift.partitioning.shadow.ShadowPlans;
import io.partshift.pipeline.stream.ChangeEvent;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source table, its shadow built the way {@code partshift prepare} builds it, and change events made the way the
 * stream makes them: by writing to the source and reading the changed rows back as PostgreSQL text. {@link
 * #assertSame()} then proves shadow = source row by row.
 */
final class ApplyFixture {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-11T12:00:00Z"), ZoneOffset.UTC);
    static final String APPLIER_NAME = "partshift-applier-test";
    /** Written with random characters so that TOAST cannot compress it inline. */
    static final String BIG = "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 150))";

    final TestDatabase db;
    private SourceTable source;
    private MigrationSpec spec;
    private ShadowPlan plan;
    private long lsn = 0x1_0000_0000L;

    ApplyFixture(TestDatabase db) {
        this.db = db;
    }

    /**
     * Creates public.events with {@code rows} rows between 2025-06 and 2026-03, every column type the applier casts
     * to, a generated column and some NULLs.
     *
     * @param id         the id column's definition, e.g. {@code bigint} or {@code bigint GENERATED ALWAYS AS IDENTITY}
     * @param primaryKey e.g. {@code id} or {@code id, created_at}
     */
    void createSource(String id, String primaryKey, int rows, String... extraDdl) throws SQLException {
        db.execute("CREATE TYPE mood AS ENUM ('calm', 'busy')",
                "CREATE DOMAIN positive_int AS int CHECK (VALUE > 0)",
                "CREATE TABLE events (id " + id + " NOT NULL, created_at timestamptz NOT NULL, country text NOT NULL,"
                        + " campaign_id int NOT NULL, qty positive_int, amount numeric(12,2), payload jsonb,"
                        + " span interval, tags text[], mood mood, \"Note Text\" text, body text,"
                        + " total numeric GENERATED ALWAYS AS (amount * 2) STORED, PRIMARY KEY (" + primaryKey + "))",
                "INSERT INTO events (id, created_at, country, campaign_id, qty, amount, payload, span, tags, mood,"
                        + " \"Note Text\", body) OVERRIDING SYSTEM VALUE"
                        + " SELECT g, timestamptz '2025-06-01 00:00+00' + g * interval '23 hours 17 minutes 3.25 seconds',"
                        + " (ARRAY['DE', 'FR', 'US', 'ES'])[1 + g % 4], 1 + g % 5, CASE WHEN g % 9 = 0 THEN NULL ELSE g END,"
                        + " round(g / 7.0, 2), CASE WHEN g % 6 = 0 THEN NULL ELSE jsonb_build_object('g', g, 'p', 1.10) END,"
                        + " g * interval '1 hour 3 minutes', ARRAY['a', 'b,' || g, NULL], (ARRAY['calm', 'busy'])[1 + g % 2]::mood,"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ''' || g || '''' END,"
                        + " CASE WHEN g % 3 = 0 THEN " + BIG + " ELSE 'short ' || g END"
                        + " FROM generate_series(1, " + rows + ") g");
        if (id.contains("IDENTITY")) {
            // Rows were inserted with explicit ids: new ones (SET id = DEFAULT) must not collide with them.
            db.execute("SELECT setval(pg_get_serial_sequence('events', 'id'), 1000000)");
        }
        db.execute(extraDdl);
        db.execute("ANALYZE events");
    }

    /** Plans and creates the shadow as {@code partshift prepare} does, then copies the source as the copier does. */
    void createShadow(PartitioningSpec partitioning, boolean copy) throws SQLException {
        spec = ApplySpecs.migration(db.url(), db.user(), partitioning);
        try (Connection c = db.connect()) {
            source = new CatalogReader(c).read(ApplySpecs.EVENTS).orElseThrow();
            plan = ShadowPlans.plan(c, source, spec, CLOCK);
            new ShadowCreator(c).create(plan);
        }
        if (copy) {
            String columns = writable().stream().map(ApplySql::quote).collect(Collectors.joining(", "));
            db.execute("INSERT INTO " + shadow() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns
                    + " FROM events");
        }
    }

    ShadowApplier applier() {
        return new ShadowApplier(this::connectApplier, source, spec,
                new ApplierSettings(6, Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    /** Connections named so that tests can find the applier's backend in pg_stat_activity. */
    Connection connectApplier() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("ApplicationName", APPLIER_NAME);
        return DriverManager.getConnection(db.url(), props);
    }

    String shadow() {
        return plan.shadow().sql();
    }

    ShadowPlan plan() {
        return plan;
    }

    /**
     * Runs {@code sql} on the source, one transaction each, and returns the events the stream would deliver: per
     * statement, per changed row (told apart by id) a delete, an upsert, or, when its primary key changed, a delete
     * of the old key and an upsert of the new one.
     */
    List<ChangeEvent> change(String... sql) throws SQLException {
        List<ChangeEvent> events = new ArrayList<>();
        for (String statement : sql) {
            Map<String, Snapshot> before = rows();
            db.execute(statement);
            Map<String, Snapshot> after = rows();
            Set<String> ids = new TreeSet<>(before.keySet());
            ids.addAll(after.keySet());
            for (String id : ids) {
                Snapshot old = before.get(id);
                Snapshot now = after.get(id);
                if (now == null || old != null && !old.key.equals(now.key)) {
                    events.add(ChangeEvent.delete(old.key, ++lsn, Instant.now()));
                }
                if (now != null && !now.equals(old)) {
                    events.add(ChangeEvent.upsert(now.key, now.row, ++lsn, Instant.now()));
                }
            }
        }
        return events;
    }

    /** The event of an UPDATE that left {@code unavailable} (TOASTed) unchanged: the current row without them. */
    ChangeEvent partial(long id, String... unavailable) throws SQLException {
        Snapshot now = Objects.requireNonNull(rows().get(Long.toString(id)), "no source row " + id);
        Map<String, String> row = new LinkedHashMap<>(now.row);
        Arrays.asList(unavailable).forEach(row::remove);
        return new ChangeEvent(ChangeEvent.Kind.UPSERT, now.key, row, new HashSet<>(Arrays.asList(unavailable)),
                ++lsn, Instant.now());
    }

    ChangeEvent delete(String... key) {
        return ChangeEvent.delete(List.of(key), ++lsn, Instant.now());
    }

    /** Same number of rows, and the same rows by their text, both ways. */
    void assertSame() throws SQLException {
        assertEquals(longValue("SELECT count(*) FROM events"), longValue("SELECT count(*) FROM " + shadow()),
                "row count");
        String onlySource = strings("SELECT t::text FROM events t EXCEPT ALL SELECT t::text FROM " + shadow() + " t");
        String onlyShadow = strings("SELECT t::text FROM " + shadow() + " t EXCEPT ALL SELECT t::text FROM events t");
        assertTrue(onlySource.isEmpty() && onlyShadow.isEmpty(), "only in the source:\n" + onlySource
                + "\nonly in the shadow:\n" + onlyShadow);
    }

    long longValue(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String strings(String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private List<String> writable() {
        return source.columns().stream().filter(c -> !c.isGenerated()).map(Column::name).toList();
    }

    /** A source row as the stream carries it: its key and every written column as text. */
    private record Snapshot(List<String> key, Map<String, String> row) {
    }

    private Map<String, Snapshot> rows() throws SQLException {
        List<String> key = source.primaryKey().orElseThrow().columns();
        List<String> columns = writable();
        String select = key.stream().map(k -> ApplySql.quote(k) + "::text").collect(Collectors.joining(", ")) + ", "
                + columns.stream().map(k -> ApplySql.quote(k) + "::text").collect(Collectors.joining(", "));
        Map<String, Snapshot> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id::text, " + select + " FROM events")) {
            while (rs.next()) {
                List<String> keyValues = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    keyValues.add(rs.getString(2 + i));
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i), rs.getString(2 + key.size() + i));
                }
                rows.put(rs.getString(1), new Snapshot(keyValues, row));
            }
        }
        return rows;
    }
}
