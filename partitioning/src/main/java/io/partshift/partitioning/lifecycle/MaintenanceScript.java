package io.partshift.partitioning.lifecycle;

import io.partshift.config.LifecycleSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan as the SQL the runner would run, statement by statement, for {@code --dry-run}: transactions spelled out
 * with BEGIN and COMMIT, a comment before each step saying why, and the warnings at the end. It can be read, or
 * pasted into psql.
 */
final class MaintenanceScript {
    private MaintenanceScript() {
    }

    static String render(MaintenancePlan plan, LifecycleSpec lifecycle, String checkName, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("-- partshift maintain " + plan.table() + " at " + now + " (dry run: nothing was changed)");
        lines.add("-- leaf partitions: " + plan.leavesBefore() + " now, " + plan.leavesAfter() + " after");
        if (plan.isEmpty()) {
            lines.add("-- nothing to do: every partition the spec wants exists and none is past the retention window");
        }
        for (MaintenanceStep step : plan.steps()) {
            lines.add("");
            if (step instanceof MaintenanceStep.Create create) {
                create(lines, create, plan, lifecycle, checkName);
            } else {
                expire(lines, (MaintenanceStep.Expire) step, lifecycle);
            }
        }
        if (!plan.warnings().isEmpty()) {
            lines.add("");
            plan.warnings().forEach(w -> lines.add("-- warning: " + w));
        }
        return String.join("\n", lines) + "\n";
    }

    private static void create(List<String> lines, MaintenanceStep.Create step, MaintenancePlan plan,
                               LifecycleSpec lifecycle, String checkName) {
        lines.add("-- create " + step.partition() + " " + step.clause() + step.defaultPartition().map(d -> ", moving the "
                + step.rowsInDefault() + " row" + NewPartitions.plural(step.rowsInDefault()) + " " + d
                + " holds for it (and any that arrive before the lock); writers wait from the LOCK to COMMIT")
                .orElse(" (no DEFAULT partition, so nothing to move and no writer waits)"));
        lines.add("BEGIN;");
        List<String> statements = new ArrayList<>(MaintenanceSql.settings(lifecycle.lockTimeout(), step.replicaRole()));
        statements.addAll(MaintenanceSql.prepare(step, checkName));
        statements.addAll(MaintenanceSql.locks(step));
        MaintenanceSql.move(step, plan.columns()).ifPresent(statements::add);
        statements.addAll(MaintenanceSql.attach(step, checkName));
        statements.forEach(s -> lines.add(s + ";"));
        lines.add("COMMIT;");
    }

    private static void expire(List<String> lines, MaintenanceStep.Expire step, LifecycleSpec lifecycle) {
        String then = step.archiveSchema().map(s -> "move it to schema " + s).orElse("drop it");
        switch (step.mode()) {
            case PLAIN -> {
                lines.add("-- expire " + step.partition() + ": plain DETACH, because " + step.parent() + " has a DEFAULT"
                        + " partition (PostgreSQL refuses CONCURRENTLY then), and " + then + " in the same transaction");
                lines.add("BEGIN;");
                MaintenanceSql.settings(lifecycle.lockTimeout(), false).forEach(s -> lines.add(s + ";"));
                lines.add(MaintenanceSql.detach(step, MaintenanceStep.DetachMode.PLAIN) + ";");
                MaintenanceSql.dispose(step).forEach(s -> lines.add(s + ";"));
                lines.add("COMMIT;");
            }
            case CONCURRENTLY, FINALIZE -> {
                lines.add("-- expire " + step.partition() + ": " + (step.mode() == MaintenanceStep.DetachMode.FINALIZE
                        ? "finish its interrupted concurrent detach" : "DETACH CONCURRENTLY (" + step.parent()
                        + " has no DEFAULT partition; it cannot run in a transaction block)") + ", then " + then);
                lines.add(MaintenanceSql.sessionLockTimeout(lifecycle.lockTimeout()) + ";");
                lines.add(MaintenanceSql.detach(step, step.mode()) + ";");
                lines.add("RESET lock_timeout;");
                lines.add("BEGIN;");
                MaintenanceSql.settings(lifecycle.lockTimeout(), false).forEach(s -> lines.add(s + ";"));
                MaintenanceSql.dispose(step).forEach(s -> lines.add(s + ";"));
                lines.add("COMMIT;");
            }
        }
    }
}
