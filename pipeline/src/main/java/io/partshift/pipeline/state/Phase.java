package io.partshift.pipeline.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of one migration, in order. The allowed transitions are declared here once; the store refuses any
 * other, so a phase in the state table can always be trusted by {@code status} and by a resumed run.
 */
public enum Phase {
    /** Shadow, publication and slot exist; nothing copied yet. */
    PREPARED,
    /** The copier backfills while the applier streams changes. */
    COPYING,
    /** The copy is done; the applier works off the changes that arrived meanwhile. */
    CATCHING_UP,
    /** Lag stayed under --cutover-lag for --converge-window: ready for cutover, still applying. */
    CONVERGED,
    /**
     * The swap is in progress. Only the running process is in this phase: the swap is one transaction that moves the
     * stored phase from CONVERGED to CUT_OVER, so a crash during it leaves CONVERGED and the source in place.
     */
    CUTTING_OVER,
    /** The partitioned table serves the application; the old table is kept current for rollback. */
    CUT_OVER,
    /** The swap was reversed; the original table serves the application again. */
    ROLLED_BACK,
    /**
     * Stopped by an error that needs the operator before cutover; resume with migrate, or clean up with abort. After
     * cutover errors are recorded without leaving CUT_OVER (which table serves the application must stay true).
     */
    FAILED;

    /** Whether a migration may go from this phase to {@code next}. */
    public boolean canMoveTo(Phase next) {
        return (next == FAILED && this != CUT_OVER && this != ROLLED_BACK) || successors().contains(next);
    }

    private Set<Phase> successors() {
        return switch (this) {
            case PREPARED -> EnumSet.of(COPYING);
            case COPYING -> EnumSet.of(CATCHING_UP, COPYING);
            case CATCHING_UP -> EnumSet.of(CONVERGED, CATCHING_UP);
            // Lag can grow again after convergence (a write burst): back to catching up until it settles.
            case CONVERGED -> EnumSet.of(CUTTING_OVER, CUT_OVER, CATCHING_UP, CONVERGED);
            case CUTTING_OVER -> EnumSet.of(CUT_OVER, CONVERGED);
            case CUT_OVER -> EnumSet.of(ROLLED_BACK, CUT_OVER);
            case ROLLED_BACK -> EnumSet.noneOf(Phase.class);
            // A resumed run starts again from where the checkpoints say it was.
            case FAILED -> EnumSet.of(COPYING, CATCHING_UP, CONVERGED);
        };
    }
}
