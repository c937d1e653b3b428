package io.partshift.pipeline.stream;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two streams of one table never share a slot, a publication, a heartbeat row, offsets or a connector name. */
class StreamRouteTest {
    private static final Names NAMES = new Names(new TableRef("public", "events"), "partshift");
    private static final ConnectionSpec CONNECTION = new ConnectionSpec("jdbc:postgresql://db/app", "app", Secret.none());
    private static final DebeziumChangeSource.Settings SETTINGS =
            DebeziumChangeSource.Settings.defaults().withHeartbeatInterval(Duration.ofMillis(250));

    @Test
    void forwardIsWhatTheNamesAlwaysMeant() {
        StreamRoute forward = StreamRoute.forward(NAMES);
        assertEquals(new StreamRoute(NAMES.source(), List.of(), NAMES.slot(), NAMES.publication(), "public.events",
                "partshift", false), forward);
        assertEquals(DebeziumProperties.build(CONNECTION, NAMES, SETTINGS),
                DebeziumProperties.build(CONNECTION, forward, SETTINGS));
    }

    @Test
    void reverseStreamsTheNewTableByTheOldKeyViaThePartitionRoot() {
        StreamRoute reverse = StreamRoute.reverse(NAMES, List.of("id"));
        assertEquals(NAMES.source(), reverse.table());
        assertEquals(List.of("id"), reverse.keyColumns());
        assertEquals(NAMES.reverseSlot(), reverse.slot());
        assertEquals(NAMES.reversePublication(), reverse.publication());
        assertEquals("public.events reverse", reverse.heartbeatKey());
        assertTrue(reverse.viaPartitionRoot());
        assertThrows(IllegalArgumentException.class, () -> StreamRoute.reverse(NAMES, List.of()));
        assertThrows(IllegalArgumentException.class, () -> StreamRoute.reverse(NAMES, List.of("id", "id")));
    }

    @Test
    void theTwoStreamsShareNothingDebeziumKeysOn() {
        Properties forward = DebeziumProperties.build(CONNECTION, StreamRoute.forward(NAMES), SETTINGS);
        Properties reverse = DebeziumProperties.build(CONNECTION, StreamRoute.reverse(NAMES, List.of("id")), SETTINGS);
        for (String key : List.of("name", "topic.prefix", "slot.name", "publication.name", JdbcOffsetStore.SOURCE,
                "heartbeat.action.query")) {
            assertNotEquals(forward.getProperty(key), reverse.getProperty(key), key);
        }
        assertEquals(NAMES.reverseSlot(), reverse.getProperty("slot.name"));
        assertEquals("public.events reverse", reverse.getProperty(JdbcOffsetStore.SOURCE));
        assertTrue(reverse.getProperty("heartbeat.action.query").endsWith("WHERE source = 'public.events reverse'"));
        String[] tables = reverse.getProperty("table.include.list").split(",");
        assertTrue(Pattern.compile(tables[0]).matcher("public.events").matches(), "the root's name after the swap");
        assertFalse(Pattern.compile(tables[0]).matcher("public.events_p2026_01").matches(), "never a partition");
    }
}
