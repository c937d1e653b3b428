package io.partshift.partitioning.preflight;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs every check and collects what each found, so the operator sees all problems at once instead of fixing them
 * one run at a time. Only reads: {@code plan} runs it against production.
 */
public final class Preflight {
    private final List<PreflightCheck> checks;

    public Preflight(List<PreflightCheck> checks) {
        this.checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    }

    /** A preflight with {@link #all()} the checks. */
    public Preflight() {
        this(all());
    }

    /**
     * Every check, in the order an operator would fix things: the table and the server first (a typo'd name or
     * wal_level makes the rest moot), then what the table holds, then what is left from earlier runs, then warnings.
     */
    public static List<PreflightCheck> all() {
        return List.of(
                new TableExistsCheck(),
                new ServerVersionCheck(),
                new WalLevelCheck(),
                new ReplicationCapacityCheck(),
                new PrivilegesCheck(),
                new RowSecurityCheck(),
                new NotPartitionedCheck(),
                new LoggedTableCheck(),
                new StreamableColumnsCheck(),
                new HasPrimaryKeyCheck(),
                new ReplicaIdentityCheck(),
                new PartitionKeyExistsCheck(),
                new PartitionKeyTypeCheck(),
                new PartitionKeyNotNullCheck(),
                new UniqueConstraintsCheck(),
                new InboundForeignKeysCheck(),
                new NotValidConstraintsCheck(),
                new PublicationsCheck(),
                new PartitionableTriggersCheck(),
                new LeftoversCheck(),
                new OpenTransactionsCheck(),
                new PrimaryKeyScopeCheck(),
                new DependentViewsCheck(),
                new CarriedOverCheck(),
                new PartitionKeyUpdateCheck());
    }

    /** Runs the checks in order; a check's SQLException propagates, since a report missing a check would mislead. */
    public PreflightReport run(PreflightContext context) throws SQLException {
        List<CheckResult> results = new ArrayList<>(checks.size());
        for (PreflightCheck check : checks) {
            if (check.needsTable() && !hasTable(context)) {
                results.add(CheckResult.skipped(check.name(), "needs the table " + context.spec().table()
                        + ", see table-exists"));
            } else {
                results.add(Objects.requireNonNull(check.run(context), check.name()));
            }
        }
        return new PreflightReport(results);
    }

    // A view or a sequence of that name is no table to look into: table-exists says what it is, and the other
    // checks would only add noise about its missing primary key.
    private static boolean hasTable(PreflightContext context) {
        return context.table().map(t -> t.relkind() == 'r' || t.relkind() == 'p').orElse(false);
    }
}
