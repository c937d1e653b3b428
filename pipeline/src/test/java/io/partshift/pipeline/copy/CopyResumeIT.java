package io.partshift.pipeline.copy;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.partshift.pipeline.copy.CopyProgressIT.up;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interrupted copy resumed by a new copier, as after a crash: nothing copied twice (the shadow's unique key would
 * refuse a second insert, and the chunks must add up to the rows), nothing missed (the shadow equals the source).
 */
@ExtendWith(PostgresExtension.class)
class CopyResumeIT {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Every stripe's chunks are numbered 1..n without a gap. */
    private static void assertChunksContiguous(CopyFixture f) throws SQLException {
        assertEquals(0, f.value("SELECT count(*) FROM (SELECT stripe FROM " + CopyFixture.STATE.chunks()
                + " WHERE chunk > 0 GROUP BY stripe HAVING count(*) <> max(chunk)) gaps"));
    }

    @Test
    void stoppedAfterSomeChunksThenResumedInThreeStripes(TestDatabase db) throws Exception {
        BulkCopyIT.createItems(db, 3000);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        try (CopyProgress first = f.load()) {
            AtomicInteger chunks = new AtomicInteger();
            AtomicReference<BulkCopier> copier = new AtomicReference<>();
            copier.set(f.copier(first, 3, 100, (stripe, chunk, range, rows) -> {
                if (chunks.incrementAndGet() == 5) {
                    copier.get().stop();
                }
            }));
            copier.get().run();
            assertTrue(!first.isFinished() && first.snapshot().chunksDone() >= 5, first.snapshot().toString());
        }
        long copied = f.value("SELECT count(*) FROM " + f.shadow.sql());
        assertEquals(copied, f.chunkedRows(), "what is recorded is what was copied");
        assertTrue(copied < 3000);

        CopySnapshot done = f.copy(1, 250); // other parallelism and size: the persisted stripes still rule
        assertEquals(3, done.stripes().size());
        f.assertSameRows();
        assertEquals(3000, f.chunkedRows(), "no chunk copied twice");
        assertChunksContiguous(f);

        CopySnapshot again = f.copy(3, 100);
        assertEquals(done.chunksDone(), again.chunksDone(), "a finished copy copies nothing more");
    }

    @Test
    void copierKilledMidChunkResumesAfterTheLastCommittedChunk(TestDatabase db) throws Exception {
        BulkCopyIT.createItems(db, 1000);
        CopyFixture f = new CopyFixture(db, "public.items").prepare(CopyFixture.hash("grp", 3));
        AtomicReference<Connection> lock = new AtomicReference<>();
        try (CopyProgress progress = f.load()) {
            BulkCopier copier = f.copier(progress, 1, 100, (stripe, chunk, range, rows) -> {
                if (chunk == 2) {
                    try {
                        lock.set(CopyProgressIT.lockShadow(f)); // chunk 3's INSERT will wait for this
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Future<?> copy = threads.submit(() -> {
                copier.run();
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> CopyProgressIT.waitingInserts(f) == 1);
            String inChunk3 = f.strings("SELECT t.id::text FROM items t ORDER BY t.id OFFSET 250 LIMIT 1").get(0);
            Future<List<ChangeEvent>> held = threads.submit(() -> progress.toApply(List.of(up(inChunk3))));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());

            f.value("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %'");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> copy.get(10, TimeUnit.SECONDS));
            SQLException e = assertInstanceOf(SQLException.class, failed.getCause());
            assertTrue(e.getMessage().startsWith("copying chunk 3 of stripe 0 of public.items [(")
                    && e.getMessage().contains(") into public.items_partshift failed"), e.getMessage());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> held.get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("chunk 3 of stripe 0 of public.items"),
                    refused.getCause().getMessage());
            assertEquals(CopySnapshot.State.FAILED, progress.snapshot().state());
            IllegalStateException again = assertThrows(IllegalStateException.class,
                    () -> f.copier(progress, 1, 100, StripeCopy.ChunkListener.NONE).run());
            assertTrue(again.getMessage().contains("load the copy state again"), again.getMessage());
        } finally {
            if (lock.get() != null) {
                lock.get().rollback();
                lock.get().close();
            }
        }
        assertEquals(200, f.value("SELECT count(*) FROM " + f.shadow.sql()), "chunks 1 and 2 committed, 3 did not");

        CopySnapshot done = f.copy(1, 100);
        f.assertSameRows();
        assertEquals(1000, f.chunkedRows());
        assertEquals(10, done.chunksDone());
        assertChunksContiguous(f);
    }
}
