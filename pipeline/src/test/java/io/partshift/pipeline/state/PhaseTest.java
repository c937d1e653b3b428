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
    void anyPhaseCanFailAndAFailedRunResumes() {
        for (Phase p : Phase.values()) {
            assertTrue(p.canMoveTo(Phase.FAILED), p::name);
        }
        assertTrue(Phase.FAILED.canMoveTo(Phase.COPYING));
    }
}
