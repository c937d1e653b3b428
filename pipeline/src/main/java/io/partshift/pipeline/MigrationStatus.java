package io.partshift.pipeline;

import io.partshift.pipeline.state.Phase;
import io.partshift.config.Names;
import io.partshift.config.TargetSpec;
import io.partshift.pipeline.lag.SlotStats;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.StateSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What {@code partshift status} shows: the persisted state of a migration and what its replication slots cost the
 * source now. Read from the database, so it works from any shell while {@code migrate} runs elsewhere.
 */
public record MigrationStatus(Names names, Optional<MigrationRecord> migration, Optional<SlotStats> slot,
                              Optional<SlotStats> reverseSlot) {

    public static MigrationStatus read(Connection c, TargetSpec target) throws SQLException {
        Names names = new Names(target.table(), target.stateSchema());
        MigrationStore store = new MigrationStore(new StateSchema(target.stateSchema()), names);
        return new MigrationStatus(names, store.read(c), SlotStats.read(c, names.slot()),
                SlotStats.read(c, names.reverseSlot()));
    }

    /** Whether partshift has anything for this table: a state row or a slot (which would keep WAL). */
    public boolean exists() {
        return migration.isPresent() || slot.isPresent() || reverseSlot.isPresent();
    }

    /** The lines {@code status} prints, as {@code key: value}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        line(sb, "table", names.source().toString());
        if (migration.isEmpty()) {
            line(sb, "phase", "none (no migration recorded in " + names.stateSchema() + ")");
        }
        migration.ifPresent(m -> {
            line(sb, "phase", m.phase().name().toLowerCase(java.util.Locale.ROOT) + " since " + m.phaseStartedAt());
            line(sb, "shadow", m.shadow());
            line(sb, "started", m.startedAt().toString());
            line(sb, "updated", m.updatedAt().toString());
            line(sb, "copied rows", m.copiedRows() + " of about " + m.estimatedRows());
            line(sb, "applied events", Long.toString(m.appliedEvents()));
            m.lastAppliedLsn().ifPresent(l -> line(sb, "last applied lsn", l));
            m.lastAppliedCommit().ifPresent(t -> line(sb, "last applied commit", t.toString()));
            m.convergedAt().ifPresent(t -> line(sb, "converged at", t.toString()));
            m.verification().ifPresent(v -> line(sb, "last verification", v + m.verifiedAt().map(t -> " (at " + t + ")")
                    .orElse("")));
            m.cutoverAt().ifPresent(t -> line(sb, "cut over at", t.toString()));
            m.cutoverMillis().ifPresent(ms -> line(sb, "writes blocked at cutover", ms + " ms"));
            m.rollbackMillis().ifPresent(ms -> line(sb, "writes blocked at rollback", ms + " ms"));
            if (m.phase() == Phase.CUT_OVER) {
                line(sb, "rollback", "possible until 'partshift finalize': the reverse stream keeps " + names.old()
                        + " current" + reverseSlot.map(r -> " (its slot retains " + bytes(r.retainedWalBytes())
                        + " of WAL)").orElse(" (but its slot is gone: a rollback would lose changes)"));
            }
            m.error().ifPresent(e -> line(sb, "error", e));
        });
        slot(sb, "slot", names.slot(), slot);
        reverseSlot.ifPresent(s -> slot(sb, "reverse slot", names.reverseSlot(), reverseSlot));
        return sb.toString();
    }

    private static void slot(StringBuilder sb, String label, String name, Optional<SlotStats> stats) {
        if (stats.isEmpty()) {
            line(sb, label, name + " (absent)");
            return;
        }
        SlotStats s = stats.get();
        line(sb, label, name + (s.active() ? " (read by pid " + s.activePid().orElse(0) + ")" : " (not read by anyone)")
                + ", confirmed " + s.confirmedFlushLsn() + ", lag " + bytes(s.lagBytes()) + ", retains "
                + bytes(s.retainedWalBytes()) + " of WAL");
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("%-26s %s%n", key + ":", value));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
