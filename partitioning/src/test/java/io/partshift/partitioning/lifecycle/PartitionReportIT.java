package io.partshift.partitioning.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The partitions report: bounds, estimated rows, sizes, DEFAULT's exact count, warnings; text and JSON agree. */
@ExtendWith(PostgresExtension.class)
class PartitionReportIT {
    private static final TableRef EVENTS = new TableRef("public", "events");

    private static PartitionReport report(TestDatabase db, OptionalLong maxBytes, String now) throws Exception {
        try (Connection c = db.connect()) {
            return PartitionReport.read(c, EVENTS, maxBytes, Instant.parse(now));
        }
    }

    @Test
    void everyPartitionWithItsNumbersAndTheWarningsThatFollow(TestDatabase db) throws Exception {
        db.execute(RangeMaintenanceIT.EVENTS, "INSERT INTO events VALUES (50000, '2026-07-04 00:00+00', 1, 'x')",
                "INSERT INTO events SELECT 100000 + g, '2026-01-15 00:00+00', 1, repeat('x', 200)"
                        + " FROM generate_series(1, 20000) g",
                "ANALYZE events");
        PartitionReport report = report(db, OptionalLong.of(1024 * 1024), "2026-03-15T00:00:00Z");
        System.out.print(report.text());

        assertEquals(List.of("public.events_p2026_01", "public.events_p2026_02", "public.events_p2026_03",
                "public.events_default"), report.partitions().stream().map(p -> p.name().toString()).toList());
        PartitionReport.Partition january = report.partitions().get(0);
        assertEquals(20744, january.estimatedRows().getAsLong(), "ANALYZE counted January's rows");
        assertTrue(january.totalBytes() > 0);
        assertEquals("FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')", january.bound());
        PartitionReport.Partition dflt = report.partitions().get(3);
        assertEquals(OptionalLong.of(1), dflt.exactRows());
        assertTrue(dflt.isDefault());

        assertEquals(List.of(PartitionReport.Kind.NO_PREMADE_PARTITION, PartitionReport.Kind.DEFAULT_HAS_ROWS,
                PartitionReport.Kind.PARTITION_TOO_LARGE),
                report.warnings().stream().map(PartitionReport.Warning::kind).toList(), report::text);
        assertEquals(EVENTS.withName("events_p2026_03"), report.warnings().get(0).partition());

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals("public.events", json.get("table").asText());
        assertEquals(4, json.get("leaf_partitions").asInt());
        assertEquals(1, json.get("partitions").get(3).get("rows").asLong());
        assertTrue(json.get("partitions").get(0).get("rows").isNull());
        assertEquals("default_has_rows", json.get("warnings").get(1).get("code").asText());
        assertTrue(report.text().contains("default_has_rows public.events_default: holds 1 row"), report.text());
        assertEquals(EVENTS.withName("events_p2026_01"), report.warnings().get(2).partition());
    }

    @Test
    void twoLevelsShowTheirSumsAndAHealthyTableHasNoWarnings(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE events (id bigint NOT NULL, created_at date NOT NULL) PARTITION BY RANGE (created_at);
                CREATE TABLE events_p2026_03 PARTITION OF events FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')
                    PARTITION BY HASH (id);
                CREATE TABLE events_p2026_03_h0 PARTITION OF events_p2026_03 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
                CREATE TABLE events_p2026_03_h1 PARTITION OF events_p2026_03 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
                CREATE TABLE events_p2026_04 PARTITION OF events FOR VALUES FROM ('2026-04-01') TO ('2026-05-01');
                INSERT INTO events SELECT g, date '2026-03-01' + g % 30 FROM generate_series(1, 1000) g;
                ANALYZE events;
                """);
        PartitionReport report = report(db, OptionalLong.empty(), "2026-03-15T00:00:00Z");
        System.out.print(report.text());
        assertTrue(report.warnings().isEmpty(), report::text);
        PartitionReport.Partition march = report.partitions().get(0);
        assertEquals("public.events_p2026_03", march.name().toString());
        assertFalse(march.isLeaf());
        assertEquals(1000, march.estimatedRows().getAsLong(), "the sum of its HASH partitions");
        assertEquals(report.partitions().get(1).totalBytes() + report.partitions().get(2).totalBytes(),
                march.totalBytes());
        assertEquals(2, report.partitions().get(1).level());
        assertEquals(3, report.leafCount());
        assertTrue(report.text().contains("no warnings"));

        PartitionReport later = report(db, OptionalLong.empty(), "2026-06-02T00:00:00Z");
        assertEquals(PartitionReport.Kind.NO_PARTITION_FOR_NOW, later.warnings().get(0).kind());
        assertTrue(later.warnings().get(0).message().contains("new rows fail"), later::text);
    }
}
