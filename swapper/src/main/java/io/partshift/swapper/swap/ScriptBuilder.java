package io.partshift.swapper.swap;

import io.partshift.config.TableRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the steps, the extra locks and the notes each carry-over contributes, in the order they run. */
final class ScriptBuilder {
    private final List<SwapStep> steps = new ArrayList<>();
    private final Map<String, ExtraLock> locks = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    ScriptBuilder add(String sql, String purpose) {
        steps.add(new SwapStep(sql, purpose));
        return this;
    }

    /** Records a lock the steps take on another relation; the strongest wins when a relation comes twice. */
    ScriptBuilder lock(String relation, String mode, String why) {
        ExtraLock known = locks.get(relation);
        if (known == null || strength(mode) > strength(known.mode())) {
            locks.put(relation, new ExtraLock(relation, mode, why));
        }
        return this;
    }

    /** Something the operator should know that no statement expresses. */
    ScriptBuilder note(String note) {
        notes.add(note);
        return this;
    }

    SwapScript build(TableRef table) {
        return new SwapScript(table, steps, List.copyOf(locks.values()), notes);
    }

    List<SwapStep> steps() {
        return List.copyOf(steps);
    }

    private static int strength(String mode) {
        return List.of("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
                "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE").indexOf(mode);
    }
}
