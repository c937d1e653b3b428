package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.MaintenanceSpec;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables partitioned by someone else, under other names and other key types: maintain reads the real bounds and
 * adds partitions under partshift's names only where nothing covers the range yet.
 */
@ExtendWith(PostgresExtension.class)
class ForeignTreeIT {
    /** pg_partman-like names on a date key, with a DEFAULT of another name. */
    private static final String MEASUREMENTS = """
            CREATE TABLE measurements (city_id int NOT NULL, logdate date NOT NULL, peaktemp int)
                PARTITION BY RANGE (logdate);
            CREATE TABLE measurements_y2026m01 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
            CREATE TABLE measurements_y2026m02 PARTITION OF measurements FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
            CREATE TABLE measurements_y2026m03 PARTITION OF measurements FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
            CREATE TABLE measurements_overflow PARTITION OF measurements DEFAULT;
            INSERT INTO measurements SELECT g % 10, date '2026-01-01' + g % 100, g FROM generate_series(1, 1000) g;
            """;

    @Test
    void existingPartitionsUnderOtherNamesCountAndNewOnesGetPartshiftNames(TestDatabase db) throws Exception {
        db.execute(MEASUREMENTS);
        assertTrue(Lifecycle.count(db, "SELECT count(*) FROM measurements_overflow") > 0, "April began in DEFAULT");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.measurements", "partition-by", "RANGE (logdate)",
                "interval", "1 month", "premake", "2");
        MaintenanceResult result = Lifecycle.maintain(db, "2026-03-10T08:00:00Z", spec);
        assertEquals(List.of("measurements_overflow: DEFAULT",
                "measurements_p2026_04: FOR VALUES FROM ('2026-04-01') TO ('2026-05-01')",
                "measurements_p2026_05: FOR VALUES FROM ('2026-05-01') TO ('2026-06-01')",
                "measurements_y2026m01: FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')",
                "measurements_y2026m02: FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')",
                "measurements_y2026m03: FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')"),
                Lifecycle.partitions(db, "measurements"));
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM measurements_overflow"));
        assertEquals(1000, Lifecycle.count(db, "SELECT count(*) FROM measurements"));
        assertEquals(2, result.outcomes().size());
    }

    @Test
    void aRangeThatExistingPartitionsCoverOnlyPartlyIsLeftAloneAndReported(TestDatabase db) throws Exception {
        db.execute(MEASUREMENTS, "CREATE TABLE measurements_mid PARTITION OF measurements"
                + " FOR VALUES FROM ('2026-05-15') TO ('2026-06-15')");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.measurements", "partition-by", "RANGE (logdate)",
                "interval", "1 month", "premake", "3");
        MaintenanceResult result = Lifecycle.maintain(db, "2026-03-10T08:00:00Z", spec);
        assertEquals(List.of("public.measurements_p2026_04"),
                result.outcomes().stream().map(o -> o.step().partition().toString()).toList());
        assertEquals(2, result.plan().warnings().size(), () -> result.plan().warnings().toString());
        assertTrue(result.plan().warnings().get(0).contains("overlaps [public.measurements_mid] only partly"),
                result.plan().warnings().get(0));
    }

    @Test
    void weeksOnATimestampKeyAndQuartersOnADateKey(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE readings (id bigint NOT NULL, taken_at timestamp NOT NULL) PARTITION BY RANGE (taken_at);
                CREATE TABLE readings_rest PARTITION OF readings DEFAULT;
                INSERT INTO readings SELECT g, timestamp '2026-03-09 00:00' + g * interval '1 hour' FROM generate_series(1, 200) g;
                CREATE TABLE invoices (id bigint NOT NULL, issued date NOT NULL) PARTITION BY RANGE (issued);
                """);
        Lifecycle.maintain(db, "2026-03-11T12:00:00Z", Lifecycle.spec(db, "table", "public.readings", "partition-by",
                "RANGE (taken_at)", "interval", "1 week", "premake", "1"));
        assertEquals(List.of("readings_p2026_03_09: FOR VALUES FROM ('2026-03-09 00:00:00') TO ('2026-03-16 00:00:00')",
                "readings_p2026_03_16: FOR VALUES FROM ('2026-03-16 00:00:00') TO ('2026-03-23 00:00:00')",
                "readings_rest: DEFAULT"), Lifecycle.partitions(db, "readings"));
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM readings_rest"), "Monday 9 to 17 moved out");

        Lifecycle.maintain(db, "2026-05-11T00:00:00Z", Lifecycle.spec(db, "table", "public.invoices", "partition-by",
                "RANGE (issued)", "interval", "1 quarter", "premake", "1", "no-default-partition", "true"));
        assertEquals(List.of("invoices_p2026_04: FOR VALUES FROM ('2026-04-01') TO ('2026-07-01')",
                "invoices_p2026_07: FOR VALUES FROM ('2026-07-01') TO ('2026-10-01')"),
                Lifecycle.partitions(db, "invoices"));
    }

    @Test
    void integerRangesFollowTheLargestKeyAndTakeDefaultsRows(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE ledger (id bigint NOT NULL, amount int) PARTITION BY RANGE (id);
                CREATE TABLE ledger_p0 PARTITION OF ledger FOR VALUES FROM (0) TO (1000);
                CREATE TABLE ledger_default PARTITION OF ledger DEFAULT;
                INSERT INTO ledger SELECT g, 1 FROM generate_series(0, 999) g;
                INSERT INTO ledger SELECT g, 1 FROM generate_series(5000, 5009) g;
                """);
        Lifecycle.maintain(db, "2026-03-10T00:00:00Z", Lifecycle.spec(db, "table", "public.ledger", "partition-by",
                "RANGE (id)", "interval", "1000", "premake", "1"));
        assertEquals(List.of("ledger_default", "ledger_p0", "ledger_p1000", "ledger_p5000"),
                Lifecycle.partitionNames(db, "ledger"));
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM ledger_default"));
    }

    @Test
    void aSpecThatDoesNotDescribeTheTableIsRefusedBeforeAnythingChanges(TestDatabase db) throws Exception {
        db.execute(MEASUREMENTS, "CREATE TABLE plain (id int)");
        CatalogSnapshot before = Lifecycle.snapshot(db);
        record Case(String expected, MaintenanceSpec spec) {
        }
        List<Case> cases = List.of(
                new Case("is partitioned by RANGE (logdate)", Lifecycle.spec(db, "table", "public.measurements",
                        "partition-by", "LIST (city_id)")),
                new Case("needs an integer column, but logdate is date", Lifecycle.spec(db, "table",
                        "public.measurements", "partition-by", "RANGE (logdate)", "interval", "10")),
                new Case("is partitioned by RANGE (logdate)", Lifecycle.spec(db, "table", "public.measurements",
                        "partition-by", "RANGE (peaktemp)", "interval", "1 month")),
                new Case("is a plain table, not a partitioned table", Lifecycle.spec(db, "table", "public.plain", "partition-by",
                        "RANGE (id)", "interval", "10")),
                new Case("does not exist", Lifecycle.spec(db, "table", "public.nope", "partition-by",
                        "RANGE (id)", "interval", "10")),
                new Case("more than --max-partitions 4", Lifecycle.spec(db, "table", "public.measurements",
                        "partition-by", "RANGE (logdate)", "interval", "1 month", "max-partitions", "4")));
        for (Case c : cases) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Lifecycle.maintain(db, "2026-03-10T00:00:00Z", c.spec()));
            assertTrue(e.getMessage().contains(c.expected()), e.getMessage());
        }
        Lifecycle.assertUnchanged(db, before);
    }
}
