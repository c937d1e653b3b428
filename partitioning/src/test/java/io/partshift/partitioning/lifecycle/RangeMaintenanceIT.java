package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RANGE by month on timestamptz, travelling through time with --now. */
@ExtendWith(PostgresExtension.class)
class RangeMaintenanceIT {
    static final String EVENTS = """
            CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, campaign_id int NOT NULL,
                note text, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            CREATE INDEX ON events (campaign_id);
            CREATE TABLE events_p2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01 00:00+00') TO ('2026-02-01 00:00+00');
            CREATE TABLE events_p2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01 00:00+00') TO ('2026-03-01 00:00+00');
            CREATE TABLE events_p2026_03 PARTITION OF events FOR VALUES FROM ('2026-03-01 00:00+00') TO ('2026-04-01 00:00+00');
            CREATE TABLE events_default PARTITION OF events DEFAULT;
            INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00+00' + g * interval '1 hour', g % 7, 'n'
              FROM generate_series(0, 2000) g;
            """;

    @Test
    void premakesFuturePartitionsAndASecondRunChangesNothing(TestDatabase db) throws Exception {
        db.execute(EVENTS);
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.events", "partition-by", "RANGE (created_at)",
                "interval", "1 month", "premake", "3");
        MaintenanceResult first = Lifecycle.maintain(db, "2026-03-15T10:00:00Z", spec);
        assertEquals(List.of("events_default", "events_p2026_01", "events_p2026_02", "events_p2026_03",
                "events_p2026_04", "events_p2026_05", "events_p2026_06"), Lifecycle.partitionNames(db, "events"));
        assertEquals(3, first.outcomes().size());

        CatalogSnapshot before = Lifecycle.snapshot(db);
        MaintenanceResult second = Lifecycle.maintain(db, "2026-03-15T10:00:00Z", spec);
        assertTrue(second.plan().isEmpty(), second::summary);
        CatalogSnapshot after = Lifecycle.snapshot(db);
        assertEquals(before, after, () -> before.diff(after));
    }
}
