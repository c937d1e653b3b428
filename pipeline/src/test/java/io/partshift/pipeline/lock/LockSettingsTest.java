package io.partshift.pipeline.lock;

import io.partshift.config.CutoverMode;
import io.partshift.config.CutoverSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockSettingsTest {
    @Test
    void cutoverOptionsBecomeLockSettingsWithTheTimeoutAsFirstBackoff() {
        LockSettings s = LockSettings.of(new CutoverSpec(CutoverMode.AUTO, Duration.ofMillis(1500), 7, 3));
        assertEquals(new LockSettings(Duration.ofMillis(1500), 7, Duration.ofMillis(1500), 3), s);
    }

    @Test
    void cancelsOnlyFromTheConfiguredFailureOn() {
        LockSettings s = new LockSettings(Duration.ofMillis(100), 5, Duration.ofMillis(10), 2);
        assertFalse(s.cancelAfter(1));
        assertTrue(s.cancelAfter(2));
        assertTrue(s.cancelAfter(3));
        assertFalse(new LockSettings(Duration.ofMillis(100), 5, Duration.ofMillis(10), 0).cancelAfter(4));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        String noTimeout = assertThrows(IllegalArgumentException.class,
                () -> new LockSettings(Duration.ZERO, 3, Duration.ofMillis(10), 0)).getMessage();
        assertTrue(noTimeout.contains("at least 1 ms"), noTimeout);
        assertThrows(IllegalArgumentException.class, () -> new LockSettings(Duration.ofMillis(10), 0,
                Duration.ofMillis(10), 0));
        assertThrows(IllegalArgumentException.class, () -> new LockSettings(Duration.ofMillis(10), 3,
                Duration.ZERO, 0));
        String never = assertThrows(IllegalArgumentException.class,
                () -> new LockSettings(Duration.ofMillis(10), 3, Duration.ofMillis(10), 3)).getMessage();
        assertTrue(never.contains("never take effect") && never.contains("from 1 to 2"), never);
    }
}
