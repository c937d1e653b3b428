package io.partshift.partitioning.shadow;

import io.partshift.config.MigrationSpec;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source in a quoted schema, with quoted names and a type that is only visible through the search_path the plan
 * was made under: the shadow must come out right when created from a session with the default search_path.
 */
@ExtendWith(PostgresExtension.class)
class SchemaAndQuotingIT {
    @Test
    void quotedNamesAndTheSearchPathOfThePlan(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA \"Sales Data\"",
                "CREATE TYPE \"Sales Data\".kind AS ENUM ('buy', 'sell')",
                "CREATE TABLE \"Sales Data\".\"Events\" (\"Id\" bigserial, \"Created At\" date NOT NULL,"
                        + " k \"Sales Data\".kind NOT NULL DEFAULT 'buy', PRIMARY KEY (\"Id\"))",
                "CREATE INDEX \"Kind, Day\" ON \"Sales Data\".\"Events\" (k, \"Created At\")",
                "INSERT INTO \"Sales Data\".\"Events\" (\"Created At\", k) SELECT date '2026-01-01' + g % 60,"
                        + " (ARRAY['buy', 'sell'])[1 + g % 2]::\"Sales Data\".kind FROM generate_series(1, 500) g",
                "ANALYZE \"Sales Data\".\"Events\"");
        MigrationSpec spec = TestSpecs.migration(db.url(), db.user(), "\"Sales Data\".\"Events\"",
                TestSpecs.partitioning(TestSpecs.range("Created At", "1 month")));
        ShadowPlan plan;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path = \"Sales Data\", public");
            SourceTable source = new CatalogReader(c).read(spec.table()).orElseThrow();
            plan = ShadowPlans.plan(c, source, spec, ShadowScenario.CLOCK);
        }
        assertTrue(plan.createStatements().get(0).contains("k kind DEFAULT 'buy'::kind NOT NULL"),
                plan.createStatements().get(0));
        try (Connection c = db.connect()) {
            new ShadowCreator(c).create(plan);
        }
        db.execute("INSERT INTO \"Sales Data\".\"Events_partshift\" SELECT * FROM \"Sales Data\".\"Events\"");
        ShadowScenario s = new ShadowScenario(db);
        assertEquals(500, s.longValue("SELECT count(*) FROM \"Sales Data\".\"Events_partshift\""));
        assertEquals(1, s.longValue("SELECT count(*) FROM pg_class WHERE relname = 'Kind, Day_ps'"));
        assertEquals("Events_p2026_01", plan.partitions().get(0).name().name());
        assertEquals(0, s.longValue("SELECT count(*) FROM (SELECT t::text FROM \"Sales Data\".\"Events\" t EXCEPT ALL"
                + " SELECT t::text FROM \"Sales Data\".\"Events_partshift\" t) d"));
    }
}
