package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;

import java.util.List;
import java.util.Objects;

/**
 * What {@code maintain} will do to one table, in order: new partitions first (they matter to rows arriving now), then
 * the partitions past the retention window.
 *
 * @param columns      the columns a row move names (not generated), in table order
 * @param warnings     what maintain saw but will not fix (rows left in DEFAULT on purpose, bounds it cannot change)
 * @param leavesBefore leaf partitions now
 * @param leavesAfter  leaf partitions once the plan ran
 */
public record MaintenancePlan(TableRef table, List<MaintenanceStep> steps, List<String> columns,
                              List<String> warnings, int leavesBefore, int leavesAfter) {
    public MaintenancePlan {
        Objects.requireNonNull(table, "table");
        steps = List.copyOf(steps);
        columns = List.copyOf(columns);
        warnings = List.copyOf(warnings);
    }

    /** Nothing to change: the table is as the spec wants it. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
