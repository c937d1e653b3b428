package io.partshift.pipeline.lock;

import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator reads at 3 a.m.: the log line of a blocker and the one-sentence error. */
class LockMessagesTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-03-11T03:00:10.500Z");
    private static final List<TableRef> EVENTS = List.of(new TableRef("public", "events"));

    static Blocker blocker(int pid, String state, String query) {
        return new Blocker(pid, "billing-job", "bob", state, "client backend",
                Optional.of(NOW.minusMinutes(5)), Optional.of(NOW.minusSeconds(42)), Optional.of(NOW.minusSeconds(41)),
                Optional.empty(), query, NOW);
    }

    @Test
    void aBlockerIsDescribedWithWhoWhatSinceWhenAndItsQuery() {
        String line = blocker(4711, "idle in transaction", "UPDATE events\n   SET note = 'x' WHERE id = 1").describe();
        assertEquals("pid 4711 (application \"billing-job\", user bob, idle in transaction, transaction open since"
                + " 2026-03-11T02:59:28.500Z (42.0 s ago), last statement started 2026-03-11T02:59:29.500Z (41.0 s ago),"
                + " query \"UPDATE events SET note = 'x' WHERE id = 1\")", line);
        assertTrue(blocker(1, "active", "x".repeat(Blocker.QUERY_CHARS)).describe().endsWith("...\")"));
    }

    @Test
    void theErrorNamesTablesAttemptsBlockersAndWhatToDo() {
        LockSettings settings = new LockSettings(Duration.ofMillis(300), 5, Duration.ofMillis(300), 0);
        String message = LockNotAcquiredException.message(EVENTS, LockMode.ACCESS_EXCLUSIVE, settings, 4100,
                List.of(blocker(4711, "idle in transaction", "UPDATE events SET note = 'x'")));
        assertEquals("could not lock public.events in ACCESS EXCLUSIVE mode in 5 attempts of at most 300 ms each"
                + " (4100 ms in all): the last attempt was blocked by pid 4711 (application \"billing-job\", user bob,"
                + " idle in transaction since 2026-03-11T02:59:28.500Z); end that session (SELECT"
                + " pg_terminate_backend(pid) with 4711), retry later, or let partshift cancel blocking sessions with"
                + " --cancel-blockers-after N (smaller than --lock-retries).", message);
        assertEquals(1, message.split("\\. ").length, "one sentence");
    }

    @Test
    void theErrorSaysWhenTheBlockersWereUnseenOrAlreadyCancelled() {
        LockSettings cancelling = new LockSettings(Duration.ofMillis(300), 5, Duration.ofMillis(300), 2);
        String unseen = LockNotAcquiredException.message(EVENTS, LockMode.SHARE, cancelling, 900, List.of());
        assertTrue(unseen.contains("ended before partshift could see them; retry later (partshift cancelled the"
                + " blockers after 2 failed attempts"), unseen);
        assertFalse(unseen.contains("end that session"), unseen);
    }
}
