package io.partshift.pipeline.verify;

import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.copy.KeyColumns;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the source, as a snapshot sees it, with the shadow, chunk by chunk of the source's primary key: walks the
 * key in chunks of {@code chunkRows} source rows (keyset: each chunk starts where the last ended, found through the
 * primary-key index), and per chunk compares the row count and checksum of both sides ({@link RangeChecksums}). The
 * first chunk is open below and the last open above, so shadow rows outside the source's keys are caught too.
 *
 * <p>It only compares. Given a {@link RangeRepair}, it hands it each range that differs and compares the range again.
 *
 * <p>Nobody may write the shadow while it runs (the applier is stopped at the consistent point): the shadow side is
 * read in one REPEATABLE READ transaction, so a writer would not be seen, and a repair could race with it.
 */
public final class DataVerifier {
    private static final Logger log = LoggerFactory.getLogger(DataVerifier.class);

    private final SourceTable source;
    private final TableRef shadow;
    private final int chunkRows;

    /**
     * @param source    the source as the catalog reader read it; its primary key is walked, its columns compared
     * @param shadow    the partitioned copy, with the same column names and types
     * @param chunkRows source rows per compared chunk
     */
    public DataVerifier(SourceTable source, TableRef shadow, int chunkRows) {
        this.source = Objects.requireNonNull(source, "source");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        if (chunkRows < 1) {
            throw new IllegalArgumentException("verify chunk rows must be positive, got " + chunkRows);
        }
        this.chunkRows = chunkRows;
    }

    /** Compares only; every range that differs is reported as still differing. */
    public VerificationReport compare(Connection snapshot, Connection shadowConnection)
            throws SQLException, InterruptedException {
        return run(snapshot, shadowConnection, Optional.empty());
    }

    /** Compares, re-copies each differing range with {@code repair}, and compares those ranges again. */
    public VerificationReport verify(Connection snapshot, Connection shadowConnection, RangeRepair repair)
            throws SQLException, InterruptedException {
        return run(snapshot, shadowConnection, Optional.of(Objects.requireNonNull(repair, "repair")));
    }

    /**
     * @param snapshot         {@link ConsistentPoint#snapshot()}: a source connection in the transaction whose snapshot is
     *                         compared. Its text settings are set for the rest of that transaction.
     * @param shadowConnection a connection outside any transaction, left with autocommit as it was
     */
    private VerificationReport run(Connection snapshot, Connection shadowConnection, Optional<RangeRepair> repair)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        if (snapshot.getAutoCommit()) {
            throw new IllegalArgumentException("the snapshot connection must be inside its snapshot's transaction"
                    + " (autocommit off): take it from ConsistentPoint.snapshot()");
        }
        if (shadowConnection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
            throw new IllegalArgumentException("the shadow connection must be outside any transaction: the verifier"
                    + " reads the shadow in a REPEATABLE READ transaction of its own");
        }
        TextSettings.apply(snapshot);
        KeyColumns key = KeyColumns.read(snapshot, source.ref());
        List<String> keyNames = key.columns().stream().map(KeyColumns.Column::name).toList();
        RangeChecksums sums = new RangeChecksums(key, source, shadow);

        boolean autocommit = shadowConnection.getAutoCommit();
        try {
            ChunkWalk.Result walk = new ChunkWalk(sums, source.ref(), shadow, keyNames, chunkRows)
                    .run(snapshot, shadowConnection);
            List<RangeDiff> repaired = new ArrayList<>();
            List<RangeDiff> still = new ArrayList<>();
            for (RangeDiff diff : walk.differed()) {
                if (repair.isEmpty()) {
                    still.add(diff);
                    continue;
                }
                Optional<RangeDiff> after = repairAndRecheck(snapshot, shadowConnection, sums, repair.get(), diff);
                if (after.isEmpty()) {
                    repaired.add(diff);
                } else {
                    still.add(after.get());
                }
            }
            VerificationReport report = new VerificationReport(source.ref(), shadow, walk.sourceRows(), walk.shadowRows(),
                    walk.chunks(), walk.differed(), repaired, still, Duration.ofNanos(System.nanoTime() - start));
            report.lines().forEach(line -> {
                if (report.equal()) {
                    log.info(line);
                } else {
                    log.error(line);
                }
            });
            return report;
        } finally {
            shadowConnection.setAutoCommit(autocommit);
        }
    }

    /** Empty when the range is equal after the repair; else the range as it compares now, with the reason. */
    private Optional<RangeDiff> repairAndRecheck(Connection snapshot, Connection shadowConnection, RangeChecksums sums,
                                                 RangeRepair repair, RangeDiff diff) throws SQLException {
        try {
            long rows = repair.repair(snapshot, shadowConnection, diff.bounds());
            log.info("re-copied {} rows of {} into {}", rows, diff.range(), shadow);
        } catch (SQLException e) {
            if (snapshot.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED) {
                throw new SQLException("the source snapshot was lost while repairing " + diff.range() + ": "
                        + e.getMessage(), e.getSQLState(), e); // nothing more can be compared
            }
            log.error(RangeRepair.oneLine(e));
            return Optional.of(recheck(snapshot, shadowConnection, sums, diff)
                    .orElse(diff).withProblem("repair failed: " + RangeRepair.oneLine(e)));
        }
        return recheck(snapshot, shadowConnection, sums, diff)
                .map(d -> d.withProblem("the re-copied range still differs"));
    }

    /** Compares {@code diff}'s range again: empty when equal. */
    private Optional<RangeDiff> recheck(Connection snapshot, Connection shadowConnection, RangeChecksums sums,
                                        RangeDiff diff) throws SQLException {
        ChunkWalk.beginRead(shadowConnection);
        try {
            RangeChecksums.Sums ours = sums.source(snapshot, diff.bounds());
            RangeChecksums.Sums theirs = sums.shadow(shadowConnection, diff.bounds());
            shadowConnection.commit();
            return ChunkWalk.same(ours, theirs) ? Optional.empty() : Optional.of(new RangeDiff(diff.range(), diff.bounds(),
                    ours.rows(), theirs.rows(), Optional.empty()));
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(shadowConnection, e);
            throw e;
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
