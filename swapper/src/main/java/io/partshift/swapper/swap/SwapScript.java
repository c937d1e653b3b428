package io.partshift.swapper.swap;

import io.partshift.config.TableRef;

import java.util.List;
import java.util.Objects;

/**
 * The statements of one swap transaction, in the order they must run, read from the catalog just before.
 *
 * @param table      the application's name for the table, which changes hands
 * @param steps      run in order inside the transaction that holds ACCESS EXCLUSIVE on both tables
 * @param extraLocks what else the steps lock; take it before the table (see {@link ExtraLock})
 * @param notes      what the operator should know and no statement expresses (log them)
 */
public record SwapScript(TableRef table, List<SwapStep> steps, List<ExtraLock> extraLocks, List<String> notes) {
    public SwapScript {
        Objects.requireNonNull(table, "table");
        steps = List.copyOf(steps);
        extraLocks = List.copyOf(extraLocks);
        notes = List.copyOf(notes);
    }

    /** The SQL of every step, in order. */
    public List<String> statements() {
        return steps.stream().map(SwapStep::sql).toList();
    }
}
