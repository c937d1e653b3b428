package io.partshift.partitioning.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@code maintain} run did, or with {@code --dry-run} would do.
 *
 * @param outcomes the steps carried out, in order (none in a dry run)
 * @param script   the SQL of the plan in a dry run
 */
public record MaintenanceResult(MaintenancePlan plan, boolean dryRun, List<StepOutcome> outcomes,
                                Optional<String> script) {
    public MaintenanceResult {
        Objects.requireNonNull(plan, "plan");
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(script, "script");
    }

    public long movedRows() {
        return outcomes.stream().mapToLong(StepOutcome::movedRows).sum();
    }

    /** The longest time one step blocked writers. */
    public Duration longestBlock() {
        return outcomes.stream().map(StepOutcome::writersBlocked).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** One line for the end of the log, e.g. {@code maintain public.events: created 2, expired 1, ...}. */
    public String summary() {
        long created = plan.steps().stream().filter(s -> s instanceof MaintenanceStep.Create).count();
        long expired = plan.steps().size() - created;
        String prefix = "maintain " + plan.table() + (dryRun ? " (dry run)" : "") + ": ";
        if (plan.isEmpty()) {
            return prefix + "nothing to do, " + plan.leavesBefore() + " leaf partitions"
                    + (plan.warnings().isEmpty() ? "" : ", " + plan.warnings().size() + " warning"
                    + NewPartitions.plural(plan.warnings().size()));
        }
        return prefix + (dryRun ? "would create " : "created ") + created + ", " + (dryRun ? "would expire " : "expired ")
                + expired + (dryRun ? "" : ", moved " + movedRows() + " row" + NewPartitions.plural(movedRows())
                + " out of DEFAULT, writers blocked at most " + longestBlock().toMillis() + " ms") + "; "
                + plan.leavesAfter() + " leaf partitions" + (plan.warnings().isEmpty() ? ""
                : ", " + plan.warnings().size() + " warning" + NewPartitions.plural(plan.warnings().size()));
    }
}
