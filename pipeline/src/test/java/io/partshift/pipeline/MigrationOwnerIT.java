package io.partshift.pipeline;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.ControlRequests.Action;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.StateSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One owner per table, visible to other shells, gone with its session; requests and answers between shells. */
@ExtendWith(PostgresExtension.class)
class MigrationOwnerIT {
    @Test
    void oneProcessOwnsATableAndOthersSeeItsPid(TestDatabase db) throws Exception {
        ConnectionSpec spec = connection(db);
        Names events = new Names(new TableRef("public", "events"), "partshift");
        Names orders = new Names(new TableRef("public", "orders"), "partshift");
        try (Connection c = db.connect()) {
            assertTrue(MigrationOwner.holderPid(c, events).isEmpty());
            try (MigrationOwner owner = MigrationOwner.tryAcquire(spec, events).orElseThrow()) {
                assertTrue(MigrationOwner.holderPid(c, events).isPresent(), "another shell sees the owner");
                assertTrue(MigrationOwner.tryAcquire(spec, events).isEmpty(), "a second process is refused");
                try (MigrationOwner other = MigrationOwner.tryAcquire(spec, orders).orElseThrow()) {
                    assertTrue(MigrationOwner.holderPid(c, orders).isPresent(), "other tables are independent");
                }
            }
            // The server ends the closed session's backend (and so its lock) a moment after the client closed it.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (MigrationOwner.holderPid(c, events).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(MigrationOwner.holderPid(c, events).isEmpty(), "the lock ends with the owner's session");
            MigrationOwner.tryAcquire(spec, events).orElseThrow().close();
        }
    }

    @Test
    void aRequestIsTakenOnceAndItsAnswerReachesTheAsker(TestDatabase db) throws Exception {
        Names names = new Names(new TableRef("public", "events"), "partshift");
        StateSchema state = new StateSchema("partshift");
        ControlRequests requests = new ControlRequests(state, names);
        try (Connection c = db.connect()) {
            state.create(c);
            new MigrationStore(state, names).create(c, names, "{}", 0);
            long id = requests.post(c, Action.CUTOVER);
            assertTrue(requests.pending(c, id));
            Optional<ControlRequests.Request> taken = requests.take(c);
            assertEquals(Action.CUTOVER, taken.orElseThrow().action());
            assertEquals(id, taken.get().id());
            assertTrue(requests.take(c).isEmpty(), "taken once");
            assertFalse(requests.pending(c, id));
            assertTrue(requests.result(c, id).isEmpty(), "no answer yet");
            requests.answer(c, id, false, "no cutover: lock not taken");
            ControlRequests.Result r = requests.result(c, id).orElseThrow();
            assertFalse(r.ok());
            assertEquals("no cutover: lock not taken", r.text());
            long next = requests.post(c, Action.VERIFY);
            assertTrue(next > id, "ids grow, so an old answer never passes for a new one");
            assertTrue(requests.result(c, next).isEmpty());
        }
    }

    private static ConnectionSpec connection(TestDatabase db) {
        return io.partshift.config.SpecReader.read(Optional.empty(), java.util.Map.of("url", java.util.List.of(db.url()),
                "user", java.util.List.of(db.user()), "table", java.util.List.of("public.events")), java.util.Map.of())
                .target().connection();
    }
}
