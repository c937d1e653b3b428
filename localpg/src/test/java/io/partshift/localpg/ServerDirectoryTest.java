package io.partshift.localpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerDirectoryTest {

    @Test
    void removesWhatAKilledJvmLeftBehindButNotWhatARunningOneOwns() throws Exception {
        Path base = ServerDirectory.baseDirectory();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path abandoned = Files.createTempDirectory(base, "partshift-pg-");
        Files.writeString(abandoned.resolve("owner.pid"), Long.toString(gone.pid()));
        Files.createDirectories(abandoned.resolve("data"));
        Path alive = Files.createTempDirectory(base, "partshift-pg-");
        Files.writeString(alive.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));

        ServerDirectory fresh = ServerDirectory.create();
        try {
            assertFalse(Files.exists(abandoned), abandoned + " should have been removed");
            assertTrue(Files.exists(alive), alive + " belongs to a running JVM");
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(fresh.root().resolve("owner.pid")));
        } finally {
            fresh.delete();
            ServerDirectory.deleteTree(alive);
            ServerDirectory.deleteTree(abandoned);
        }
    }

    @Test
    void logTailIsEmptyWithoutALogAndKeepsTheLastLines() throws Exception {
        ServerDirectory dir = ServerDirectory.create();
        try {
            assertEquals("", dir.logTail(5));
            Files.writeString(dir.serverLog(), "one\ntwo\nthree\n");
            assertEquals("two\nthree", dir.logTail(2));
        } finally {
            dir.delete();
        }
    }
}
