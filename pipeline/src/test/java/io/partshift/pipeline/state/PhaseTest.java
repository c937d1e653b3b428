package io.partshift.pipeline.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseTest {
    @Test
    void followsTheRunbookOrder() {
        assertTrue(Phase.PREPARED.canMoveTo(Phase.COPYING));
        assertTrue(Phase.COPYING.canMoveTo(Phase.CATCHING_UP));
        assertTrue(Phase.CATCHING_UP.canMoveTo(Phase.CONVERGED));
        assertTrue(Phase.CONVERGED.canMoveTo(Phase.CUTTING_OVER));
        assertTrue(Phase.CUTTING_OVER.canMoveTo(Phase.CUT_OVER));
        assertTrue(Phase.CUT_OVER.canMoveTo(Phase.ROLLED_BACK));
    }

    @Test
    void refusesSkippingTheCopyOrCuttingOverUnconverged() {
        assertFalse(Phase.PREPARED.canMoveTo(Phase.CONVERGED));
        assertFalse(Phase.COPYING.canMoveTo(Phase.CUTTING_OVER));
        assertFalse(Phase.CATCHING_UP.canMoveTo(Phase.CUT_OVER));
        assertFalse(Phase.ROLLED_BACK.canMoveTo(Phase.COPYING));
    }

    @Test
    void anyPhaseBeforeTheSwapCanFailAndAFailedRunResumes() {
        for (Phase p : Phase.values()) {
            if (p != Phase.CUT_OVER && p != Phase.ROLLED_BACK) {
                assertTrue(p.canMoveTo(Phase.FAILED), p::name);
            }
        }
        assertTrue(Phase.FAILED.canMoveTo(Phase.COPYING));
    }

    @Test
    void afterTheSwapTheRecordedPhaseNeverSaysFailed() {
        // Which table serves the application must stay readable from the state: errors are recorded beside it.
        assertFalse(Phase.CUT_OVER.canMoveTo(Phase.FAILED));
        assertFalse(Phase.ROLLED_BACK.canMoveTo(Phase.FAILED));
        assertTrue(Phase.CONVERGED.canMoveTo(Phase.CUT_OVER), "the swap transaction moves straight to CUT_OVER");
    }
}
