package io.partshift.swapper.swap;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.CopySpec;
import io.partshift.config.CutoverMode;
import io.partshift.config.CutoverSpec;
import io.partshift.config.LagSpec;
import io.partshift.config.LogFormat;
import io.partshift.config.MigrationSpec;
import io.partshift.config.Names;
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
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlan;
import io.partshift.partitioning.shadow.ShadowPlans;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A source table with everything the application may rely on besides its rows, its shadow planned and created the
 * way a migration does, and filled the way the copier does (explicit values, the foreign keys left off). The data
 * spans Jan-Mar 2026 and the clock says 2026-03-11.
 */
final class SwapFixture {
    private static final Logger LOG = LoggerFactory.getLogger(SwapFixture.class);
    static final TableRef EVENTS = new TableRef("public", "events");
    static final Names NAMES = new Names(EVENTS, "partshift");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-11T12:00:00Z"), ZoneOffset.UTC);
    /** Rows with campaign_id up to this are visible to the reader through the SELECT policy. */
    static final int VISIBLE_CAMPAIGNS = 10;

    final TestDatabase db;
    /** Owns the table; not the connecting superuser, so the swap must hand ownership over. */
    String owner;
    /** A login role with table, column and sequence grants, subject to the policies. */
    String reader;

    SwapFixture(TestDatabase db) {
        this.db = db;
    }

    /** The source with every feature and {@code rows} rows, then ANALYZE. */
    SwapFixture createSource(int rows) throws SQLException {
        owner = db.createRole("");
        reader = db.createRole("LOGIN");
        db.execute("CREATE TABLE campaigns (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO campaigns SELECT g, 'campaign ' || g FROM generate_series(1, 25) g",
                "CREATE TABLE audit (tbl text NOT NULL, id bigint, op text NOT NULL)",
                "CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO public.audit VALUES (TG_TABLE_NAME, NEW.id, TG_OP); RETURN NEW; END $$",
                "CREATE FUNCTION stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " NEW.payload := coalesce(NEW.payload, '{}'::jsonb) || '{\"stamped\": true}'; RETURN NEW; END $$",
                "CREATE TABLE events ("
                        + " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " ticket bigserial NOT NULL,"
                        + " created_at timestamptz NOT NULL,"
                        + " campaign_id int NOT NULL REFERENCES campaigns (id),"
                        + " ref text NOT NULL,"
                        + " payload jsonb,"
                        + " secret text,"
                        + " CONSTRAINT events_ref_uq UNIQUE (ref, created_at))",
                "CREATE INDEX events_campaign_idx ON events (campaign_id, created_at)",
                "CREATE INDEX \"Events Ref Lower\" ON events (lower(ref)) WHERE ref IS NOT NULL",
                "INSERT INTO events (created_at, campaign_id, ref, payload, secret)"
                        + " SELECT timestamptz '2026-01-01 00:00:00+00' + (g % 5000) * interval '25 minutes',"
                        + " 1 + g % 25, 'ref-' || g, jsonb_build_object('g', g), 'secret ' || g"
                        + " FROM generate_series(1, " + rows + ") g",
                "CREATE TRIGGER events_audit AFTER INSERT OR UPDATE ON events FOR EACH ROW EXECUTE FUNCTION audit_row()",
                "CREATE TRIGGER events_stamp BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION stamp_row()",
                "ALTER TABLE events ENABLE ALWAYS TRIGGER events_stamp",
                "COMMENT ON TABLE events IS 'what happened, one row per event'",
                "COMMENT ON COLUMN events.ref IS 'the client''s reference'",
                "ALTER TABLE events REPLICA IDENTITY FULL",
                "ALTER TABLE events OWNER TO " + owner,
                "GRANT SELECT, INSERT ON events TO " + reader,
                "GRANT UPDATE (payload) ON events TO " + reader + " WITH GRANT OPTION",
                "GRANT USAGE ON SEQUENCE events_ticket_seq TO " + reader,
                "GRANT SELECT ON SEQUENCE events_id_seq TO " + reader,
                "GRANT INSERT ON audit TO PUBLIC",
                "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE events FORCE ROW LEVEL SECURITY",
                "CREATE POLICY visible_campaigns ON events FOR SELECT TO " + reader + " USING (campaign_id <= "
                        + VISIBLE_CAMPAIGNS + ")",
                "CREATE POLICY own_inserts ON events AS PERMISSIVE FOR INSERT TO " + reader
                        + " WITH CHECK (campaign_id <= " + VISIBLE_CAMPAIGNS + " AND secret IS NULL)",
                "CREATE PUBLICATION analytics FOR TABLE events WHERE (campaign_id > 0)"
                        + " WITH (publish_via_partition_root = true)",
                "CREATE PUBLICATION inserts_only FOR TABLE events (id, created_at, ref)"
                        + " WITH (publish = 'insert', publish_via_partition_root = true)",
                "CREATE VIEW recent_events WITH (security_barrier = true) AS"
                        + " SELECT id, created_at, ref, campaign_id FROM events WHERE campaign_id <= 20",
                "CREATE VIEW recent_refs AS SELECT ref FROM recent_events",
                "GRANT SELECT ON recent_refs TO " + reader,
                "ANALYZE events", "ANALYZE campaigns");
        return this;
    }

    /** Plans and creates the shadow, then copies every row as the copier would; the foreign keys stay off. */
    ShadowPlan createAndFillShadow() throws SQLException {
        return createAndFillShadow(Optional.empty());
    }

    /** @param sub a second partitioning level under the monthly one */
    ShadowPlan createAndFillShadow(Optional<PartitionLevel> sub) throws SQLException {
        try (Connection c = db.connect()) {
            SourceTable source = new CatalogReader(c).read(EVENTS).orElseThrow();
            ShadowPlan plan = ShadowPlans.plan(c, source, spec(sub), CLOCK);
            new ShadowCreator(c).create(plan);
            String columns = source.columns().stream().filter(col -> !col.isGenerated()).map(Column::name)
                    .map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
            db.execute("INSERT INTO " + plan.shadow().sql() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT "
                    + columns + " FROM " + EVENTS.sql());
            return plan;
        }
    }

    /** Hash partitions by {@code column}, as a second level. */
    static PartitionLevel hash(String column, int modulus) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.HASH, column), Optional.empty(),
                OptionalInt.of(modulus), List.of());
    }

    MigrationSpec spec(Optional<PartitionLevel> sub) {
        PartitionLevel monthly = new PartitionLevel(new PartitionKey(PartitionMethod.RANGE, "created_at"),
                Optional.of(PartitionInterval.parse("1 month", "interval")), OptionalInt.empty(), List.of());
        PartitioningSpec partitioning = new PartitioningSpec(monthly, sub, true, 1, Optional.empty(), 1000);
        TargetSpec target = new TargetSpec(new ConnectionSpec(db.url(), db.user(), Secret.none()), EVENTS, "partshift");
        return new MigrationSpec(target, partitioning, new CopySpec(10_000, Duration.ofMillis(500), 2,
                Duration.ofSeconds(30)), new LagSpec(Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofSeconds(5)), new CutoverSpec(CutoverMode.AUTO, Duration.ofSeconds(1), 10, 0),
                LogFormat.LOGFMT);
    }

    /**
     * Runs a swap the way the cutover does: one transaction that locks both tables, reads the catalog, runs every
     * step and commits.
     *
     * @return the script that ran
     */
    SwapScript swap(boolean forward) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE " + EVENTS.sql() + ", " + (forward ? NAMES.shadow() : NAMES.old()).sql()
                        + " IN ACCESS EXCLUSIVE MODE");
                SwapScript script = forward ? SwapStatements.forward(c, NAMES) : SwapStatements.backward(c, NAMES);
                LOG.info("{} swap of {}: {} steps\n  {}", forward ? "forward" : "backward", EVENTS, script.steps().size(),
                        String.join("\n  ", script.steps().stream().map(SwapStep::toString).toList()));
                run(st, script.steps());
                c.commit();
                return script;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Runs each after-swap step in its own transaction, as the orchestration will. */
    List<SwapStep> afterSwap() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            List<SwapStep> steps = SwapStatements.afterSwap(c, NAMES);
            run(st, steps);
            return steps;
        }
    }

    static void run(Statement st, List<SwapStep> steps) throws SQLException {
        for (SwapStep step : steps) {
            try {
                st.execute(step.sql());
            } catch (SQLException e) {
                throw new SQLException(e.getMessage() + " [step " + step + "]", e.getSQLState(), e);
            }
        }
    }

    Connection connectAs(String role) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role);
        return DriverManager.getConnection(db.url(), props);
    }

    long longValue(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String string(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    List<String> strings(String sql, Object... params) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }
}
