package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle settings as maintain and the partitions report read them, and the rules between them. */
class LifecycleSpecTest {
    @TempDir
    Path dir;

    private static SpecReader flags(String... nameValue) {
        Map<String, List<String>> flags = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            flags.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return SpecReader.read(Optional.empty(), flags, Map.of());
    }

    @Test
    void defaultsNeedNoOptions() {
        LifecycleSpec lifecycle = flags("table", "public.events").lifecycle();
        assertEquals(LifecycleSpec.defaults(), lifecycle);
        assertEquals(Optional.empty(), lifecycle.archiveSchema());
        assertEquals(OptionalLong.empty(), lifecycle.maxPartitionBytes());
        assertEquals(Duration.ofSeconds(1), lifecycle.lockTimeout());
        assertEquals(5, lifecycle.lockRetries());
    }

    @Test
    void theSpecFileCarriesTheLifecycleAsKeysNamedLikeTheFlags() throws IOException {
        Path file = Files.writeString(dir.resolve("events.yaml"), """
                table: public.events
                partition-by: RANGE (created_at)
                interval: 1 month
                premake: 4
                retention: 24 months
                archive-schema: archive
                max-partition-size: 10GB
                maintain-lock-timeout: 250ms
                maintain-lock-retries: 3
                """);
        MaintenanceSpec spec = SpecReader.read(Optional.of(file), Map.of(), Map.of()).maintenance();
        assertEquals(4, spec.partitioning().premake());
        assertEquals(new TimeInterval(24, TimeInterval.Unit.MONTH), spec.partitioning().retention().orElseThrow());
        assertEquals(new LifecycleSpec(Optional.of("archive"), OptionalLong.of(10L << 30), Duration.ofMillis(250), 3),
                spec.lifecycle());
        assertEquals("events_p2026_03", spec.names().partition("p2026_03").name());
    }

    @Test
    void anArchiveSchemaNeedsARetentionWindow() {
        String message = assertThrows(BadInputException.class,
                () -> flags("table", "public.events", "archive-schema", "archive").lifecycle()).getMessage();
        assertTrue(message.contains("--retention") && message.endsWith("."), message);
    }

    @Test
    void theArchiveSchemaCannotBeTheTablesOwn() {
        String message = assertThrows(BadInputException.class, () -> flags("table", "app.events", "retention",
                "1 year", "archive-schema", "app").lifecycle()).getMessage();
        assertTrue(message.contains("app.events"), message);
    }

    @Test
    void maintenanceChecksThePartitioningLikeAMigrationDoes() {
        String message = assertThrows(BadInputException.class, () -> flags("table", "public.events",
                "partition-by", "LIST (campaign_id)", "retention", "1 year").maintenance()).getMessage();
        assertTrue(message.contains("--retention only applies"), message);
    }
}
