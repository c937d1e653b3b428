package io.partshift.partitioning.lifecycle;

import io.partshift.config.Identifiers;
import io.partshift.config.TableRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL of every maintenance step, in one place, so that {@code --dry-run} prints exactly what the runner runs.
 *
 * <p>A new partition is made the way that loses nothing while the application keeps writing (see
 * {@link MaintenanceRunner} for why each lock is needed), all in one transaction:
 * <ol>
 * <li>create it as a standalone table {@code (LIKE parent)}, with its own partitions if it has a second level, and
 *     a CHECK of its bound so that ATTACH can prove the bound without scanning it;</li>
 * <li>lock the parent in EXCLUSIVE mode (writers wait, readers of other partitions go on) and DEFAULT in ACCESS
 *     EXCLUSIVE mode;</li>
 * <li>move the rows of the new bound out of DEFAULT into it, in one statement;</li>
 * <li>attach it (ATTACH scans DEFAULT to prove it now holds none of the bound) and drop the CHECK.</li>
 * </ol>
 */
final class MaintenanceSql {
    /** What a partition needs from its parent; indexes come from ATTACH, which builds the parent's on it. */
    private static final String LIKE_OPTIONS = "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED"
            + " INCLUDING STORAGE INCLUDING COMPRESSION";

    private MaintenanceSql() {
    }

    /** The settings a step's transaction starts with. */
    static List<String> settings(Duration lockTimeout, boolean replicaRole) {
        List<String> settings = new ArrayList<>();
        settings.add("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
        if (replicaRole) {
            settings.add("SET LOCAL session_replication_role = replica");
        }
        return settings;
    }

    /** Creating the standalone partition, its own partitions, and the CHECK that spares ATTACH a scan. */
    static List<String> prepare(MaintenanceStep.Create step, String checkName) {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE " + step.partition().sql() + " (LIKE " + step.parent().sql() + " " + LIKE_OPTIONS + ")"
                + step.partitionBy().map(p -> " PARTITION BY " + p).orElse(""));
        for (MaintenanceStep.SubPartition sub : step.subPartitions()) {
            sql.add("CREATE TABLE " + sub.name().sql() + " PARTITION OF " + step.partition().sql() + " " + sub.clause());
        }
        sql.add("ALTER TABLE " + step.partition().sql() + " ADD CONSTRAINT " + Identifiers.quote(checkName)
                + " CHECK (" + step.attachCheck() + ")");
        return sql;
    }

    /** The locks that stop writes into the bound between the move and the attach; none without DEFAULT. */
    static List<String> locks(MaintenanceStep.Create step) {
        return step.defaultPartition().map(d -> List.of(
                "LOCK TABLE ONLY " + step.parent().sql() + " IN EXCLUSIVE MODE",
                "LOCK TABLE " + d.sql() + " IN ACCESS EXCLUSIVE MODE")).orElse(List.of());
    }

    /** Moves the bound's rows out of DEFAULT in one statement; its row count is what moved. */
    static Optional<String> move(MaintenanceStep.Create step, List<String> columns) {
        String list = columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        return step.defaultPartition().map(d -> "WITH moved AS (DELETE FROM " + d.sql() + " WHERE " + step.rowCondition()
                + " RETURNING " + list + ") INSERT INTO " + step.partition().sql() + " (" + list + ") SELECT " + list
                + " FROM moved");
    }

    static List<String> attach(MaintenanceStep.Create step, String checkName) {
        return List.of("ALTER TABLE " + step.parent().sql() + " ATTACH PARTITION " + step.partition().sql() + " "
                        + step.clause(),
                "ALTER TABLE " + step.partition().sql() + " DROP CONSTRAINT " + Identifiers.quote(checkName));
    }

    /** The DETACH of an expiring partition in its mode. */
    static String detach(MaintenanceStep.Expire step, MaintenanceStep.DetachMode mode) {
        String suffix = switch (mode) {
            case CONCURRENTLY -> " CONCURRENTLY";
            case FINALIZE -> " FINALIZE";
            case PLAIN -> "";
        };
        return "ALTER TABLE " + step.parent().sql() + " DETACH PARTITION " + step.partition().sql() + suffix;
    }

    /** What happens to a detached partition: dropped, or moved with its own partitions to the archive schema. */
    static List<String> dispose(MaintenanceStep.Expire step) {
        if (step.archiveSchema().isEmpty()) {
            return List.of("DROP TABLE " + step.partition().sql());
        }
        String schema = Identifiers.quote(step.archiveSchema().get());
        List<String> sql = new ArrayList<>();
        sql.add("CREATE SCHEMA IF NOT EXISTS " + schema);
        List<TableRef> moved = new ArrayList<>();
        moved.add(step.partition());
        moved.addAll(step.descendants());
        for (TableRef table : moved) {
            sql.add("ALTER TABLE " + table.sql() + " SET SCHEMA " + schema);
        }
        return sql;
    }

    /** A session-level lock timeout for what cannot run in a transaction block (DETACH ... CONCURRENTLY). */
    static String sessionLockTimeout(Duration lockTimeout) {
        return "SET lock_timeout = '" + lockTimeout.toMillis() + "ms'";
    }
}
