package io.partshift.localpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsEnableLogicalDecodingAndKeepSynchronousCommit() {
        Map<String, String> s = LocalPostgres.Settings.defaults().serverSettings();
        assertEquals("logical", s.get("wal_level"));
        assertEquals("32", s.get("max_replication_slots"));
        assertEquals("32", s.get("max_wal_senders"));
        assertEquals("200", s.get("max_connections"));
        assertEquals("off", s.get("fsync"));
        assertEquals("off", s.get("full_page_writes"));
        assertEquals("on", s.get("synchronous_commit"));
    }

    @Test
    void withSettingOverridesOrAddsAndLeavesTheOriginalAlone() {
        LocalPostgres.Settings defaults = LocalPostgres.Settings.defaults();
        LocalPostgres.Settings changed = defaults.withSetting("wal_level", "replica").withSetting("work_mem", "8MB");
        assertEquals("replica", changed.serverSettings().get("wal_level"));
        assertEquals("8MB", changed.serverSettings().get("work_mem"));
        assertEquals("logical", defaults.serverSettings().get("wal_level"));
    }

    @Test
    void refusesSettingsThatLocalPostgresChoosesItself() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalPostgres.Settings.defaults().withSetting("port", "5432"));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LocalPostgres.Settings.defaults().withSetting("Bad Key", "1"));
        assertThrows(IllegalArgumentException.class, () -> LocalPostgres.Settings.defaults().withSetting("work_mem", "1\n2"));
    }

    @Test
    void serverSettingsPinAddressPortAndSocketDirectory() {
        Map<String, String> s = ServerSettings.forServer(Map.of("wal_level", "logical"), Path.of("/tmp/x"), 5433);
        assertEquals("127.0.0.1", s.get("listen_addresses"));
        assertEquals("5433", s.get("port"));
        assertEquals("/tmp/x", s.get("unix_socket_directories"));
    }

    @Test
    void postmasterOptionsSurviveTheShell() {
        assertEquals("-c 'wal_level=logical'", ServerSettings.asPostmasterOptions(Map.of("wal_level", "logical")));
        assertEquals("'application_name=it'\\''s'", ServerSettings.shellWord("application_name=it's"));
        assertEquals("plain/path", ServerSettings.shellWord("plain/path"));
    }

    @Test
    void strategyComesFromTheEnvironmentVariable() {
        assertEquals(List.of(LocalPostgres.Strategy.SYSTEM, LocalPostgres.Strategy.EMBEDDED), LocalPostgres.strategiesFrom(null));
        assertEquals(List.of(LocalPostgres.Strategy.SYSTEM), LocalPostgres.strategiesFrom("system"));
        assertEquals(List.of(LocalPostgres.Strategy.EMBEDDED), LocalPostgres.strategiesFrom(" Embedded "));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalPostgres.strategiesFrom("docker"));
        assertTrue(e.getMessage().contains("PARTSHIFT_PG=docker"), e.getMessage());
    }
}
