package io.partshift.swapper.swap;

import io.partshift.config.Names;
import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Rollback puts every name back where cutover found it: the two directions are each other's inverse. */
class DirectionTest {
    private static final Names NAMES = new Names(new TableRef("public", "events"), "partshift");

    @Test
    void whatCutoverSetsAsideRollbackFindsAndTheOtherWayRound() {
        for (String index : List.of("events_pkey", "events_ref_uq", "Events Ref Lower", "x".repeat(63))) {
            for (boolean primary : new boolean[] {true, false}) {
                assertEquals(Direction.FORWARD.asideIndex(NAMES, index, primary),
                        Direction.BACKWARD.arrivingIndex(NAMES, index, primary), index);
                assertEquals(Direction.BACKWARD.asideIndex(NAMES, index, primary),
                        Direction.FORWARD.arrivingIndex(NAMES, index, primary), index);
                assertNotEquals(Direction.FORWARD.asideIndex(NAMES, index, primary),
                        Direction.FORWARD.arrivingIndex(NAMES, index, primary), index);
            }
        }
        assertEquals(NAMES.shadowPrimaryKey(), Direction.FORWARD.arrivingIndex(NAMES, "events_pkey", true),
                "the shadow's primary key has a name of its own");
        assertEquals(Direction.FORWARD.aside(NAMES), Direction.BACKWARD.arriving(NAMES));
        assertEquals(Direction.BACKWARD.aside(NAMES), Direction.FORWARD.arriving(NAMES));
        assertEquals("events_id_seq_ps_old", Direction.FORWARD.asideSequence(NAMES, "events_id_seq"));
        assertEquals("events_id_seq_ps", Direction.BACKWARD.asideSequence(NAMES, "events_id_seq"));
    }

    @Test
    void aRelationLockedTwiceIsLockedInTheStrongerMode() {
        ScriptBuilder script = new ScriptBuilder()
                .lock("public.campaigns", "SHARE ROW EXCLUSIVE", "foreign key")
                .lock("public.v", "ACCESS EXCLUSIVE", "view")
                .lock("public.campaigns", "ROW SHARE", "weaker");

        assertEquals(List.of("LOCK TABLE public.campaigns IN SHARE ROW EXCLUSIVE MODE",
                "LOCK TABLE public.v IN ACCESS EXCLUSIVE MODE"), script.build(NAMES.source()).extraLocks().stream()
                .map(ExtraLock::lockStatement).toList());
    }
}
