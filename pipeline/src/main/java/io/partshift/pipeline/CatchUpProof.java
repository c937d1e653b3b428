package io.partshift.pipeline;

import io.partshift.pipeline.lag.StreamProgress;
import io.partshift.pipeline.stream.ReplicationSetup;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * gh-ost's catch-up proof, for either stream: a marker written to the stream's heartbeat row comes back through the
 * stream only after everything committed before it, and is recorded only once the batch carrying it was applied.
 */
final class CatchUpProof {
    /** Called while waiting; throws when the stream cannot go on (it is restarted if it can). */
    @FunctionalInterface
    interface StreamCheck {
        void check() throws InterruptedException;
    }

    private CatchUpProof() {
    }

    static void await(DataSource db, ReplicationSetup replication, StreamProgress progress, Duration timeout,
                      StreamCheck check) throws Exception {
        String marker = UUID.randomUUID().toString();
        try (Connection c = db.getConnection()) {
            replication.mark(c, marker);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!progress.hasSeenMarker(marker)) {
            check.check();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the " + replication.route().describe() + " did not deliver and apply"
                        + " marker " + marker + " within " + timeout);
            }
            Thread.sleep(5);
        }
    }
}
