package io.partshift.localpg.load;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class EventsWriteLoadIT {
    @Test
    void everyKindOfChangeCommits(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 2_000);
            assertTrue(scalar(c, "SELECT count(*) FROM public.events WHERE pg_column_size(note) > 2000") > 0,
                    "some notes are large enough to be TOASTed");
        }
        Properties p = new Properties();
        p.setProperty("user", db.user());
        EventsWriteLoad load = new EventsWriteLoad(db.url(), p, 2, Duration.ofSeconds(30));
        load.start();
        Thread.sleep(3_000);
        EventsWriteLoad.Stats stats = load.stop();
        for (EventsWriteLoad.Op op : EventsWriteLoad.Op.values()) {
            assertTrue(stats.committed().get(op) > 0, () -> op + " never ran: " + stats);
        }
        try (Connection c = db.connect()) {
            assertTrue(scalar(c, "SELECT count(*) FROM public.events WHERE id < 0") > 0, "primary keys were changed");
            assertTrue(scalar(c, "SELECT count(*) FROM public.events WHERE created_at > '2099-01-01'") > 0);
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
