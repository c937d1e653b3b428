package io.partshift.pipeline.stream;

import io.partshift.config.BadInputException;
import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebeziumPropertiesTest {
    private static final Names NAMES = new Names(new TableRef("public", "Events"), "partshift");
    private static final DebeziumChangeSource.Settings SETTINGS =
            DebeziumChangeSource.Settings.defaults().withHeartbeatInterval(Duration.ofMillis(250));

    private static Properties build(String url, Secret password) {
        return DebeziumProperties.build(new ConnectionSpec(url, "app", password), NAMES, SETTINGS);
    }

    @Test
    void connectionFromTheUrlAndThePasswordOnlyWhereDebeziumMasksIt() {
        Properties p = build("jdbc:postgresql://db:6543/app?sslmode=verify-full&tcpKeepAlive=true", Secret.of("s3cret"));
        assertEquals("db", p.getProperty("database.hostname"));
        assertEquals("6543", p.getProperty("database.port"));
        assertEquals("app", p.getProperty("database.dbname"));
        assertEquals("app", p.getProperty("database.user"));
        assertEquals("verify-full", p.getProperty("database.sslmode"));
        assertEquals("true", p.getProperty("driver.tcpKeepAlive"));
        assertEquals("s3cret", p.getProperty("database.password"));
        p.forEach((k, v) -> assertTrue(k.equals("database.password") || !v.toString().contains("s3cret"), k.toString()));
        assertNull(build("jdbc:postgresql://db/app", Secret.none()).getProperty("database.password"));
    }

    @Test
    void aUrlDebeziumCannotUseIsRefusedWhenTheSourceIsMade() {
        ConnectionSpec twoHosts = new ConnectionSpec("jdbc:postgresql://a:5432,b:5432/app", "app", Secret.none());
        assertThrows(BadInputException.class, () -> new DebeziumChangeSource(twoHosts, NAMES));
    }

    @Test
    void slotAndPublicationAreNeverDebeziumsToManage() {
        Properties p = build("jdbc:postgresql://db/app", Secret.none());
        assertEquals(NAMES.slot(), p.getProperty("slot.name"));
        assertEquals(NAMES.publication(), p.getProperty("publication.name"));
        assertEquals("disabled", p.getProperty("publication.autocreate.mode"));
        assertEquals("false", p.getProperty("slot.drop.on.stop"));
        assertEquals("no_data", p.getProperty("snapshot.mode"));
        assertEquals("pgoutput", p.getProperty("plugin.name"));
        assertEquals("ORDERED", p.getProperty("record.processing.order"));
        assertEquals("1", p.getProperty("record.processing.threads"));
        assertEquals("0", p.getProperty("offset.flush.interval.ms"));
        assertEquals(JdbcOffsetStore.class.getName(), p.getProperty("offset.storage"));
        assertEquals("\"partshift\".\"offsets\"".replace("\"", ""), p.getProperty(JdbcOffsetStore.TABLE));
        assertEquals("public.Events", p.getProperty(JdbcOffsetStore.SOURCE));
        assertEquals("fail", p.getProperty("event.converting.failure.handling.mode"));
    }

    @Test
    void tableListMatchesExactlyTheSourceAndTheHeartbeatTable() {
        String[] patterns = build("jdbc:postgresql://db/app", Secret.none()).getProperty("table.include.list").split(",");
        assertEquals(2, patterns.length);
        assertTrue(Pattern.compile(patterns[0]).matcher("public.Events").matches());
        assertFalse(Pattern.compile(patterns[0]).matcher("publicXEvents").matches());
        assertTrue(Pattern.compile(patterns[1]).matcher("partshift.heartbeat").matches());
        assertThrows(IllegalArgumentException.class, () -> DebeziumProperties.regex("public.a,b"));
    }

    @Test
    void heartbeatsBumpThisSourcesRowAndClearTheMarker() {
        Properties p = build("jdbc:postgresql://db/app", Secret.none());
        assertEquals("250", p.getProperty("heartbeat.interval.ms"));
        assertEquals("UPDATE partshift.heartbeat SET beat = beat + 1, marker = NULL, at = now() WHERE source = 'public.Events'",
                p.getProperty("heartbeat.action.query"));
    }
}
