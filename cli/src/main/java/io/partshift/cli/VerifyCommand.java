package io.partshift.cli;

import io.partshift.config.BadInputException;
import io.partshift.config.TargetSpec;
import io.partshift.partitioning.pruning.PruningCheck;
import io.partshift.partitioning.pruning.PruningReport;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.Phase;
import io.partshift.swapper.TableLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;

/**
 * {@code partshift verify --query}: proves with EXPLAIN ANALYZE that a query prunes partitions; {@code verify --data}:
 * compares shadow and source row for row at one consistent point, the same check that gates the cutover.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"--query SQL: runs EXPLAIN (ANALYZE, BUFFERS) of the query on the partitioned --table inside a "
                + "read-only transaction that is rolled back, and reports how many partitions it scanned and pruned. "
                + "Exits 1 when the query filters on the partition key yet scans every partition.",
                "--data: compares the shadow with the source at one consistent point (row counts and checksums of "
                + "whole rows per primary-key range), re-copies ranges that differ and checks them again: the check "
                + "that gates the cutover. Asks a running 'partshift migrate' to do it, or resumes the migration "
                + "itself (give it the same spec). Exits 1 when ranges still differ."})
final class VerifyCommand extends SpecCommand {
    @Option(names = "--data", description = "Compare the shadow's data with the source's (see above).")
    boolean data;

    @Option(names = "--query", paramLabel = "SQL", description = "A SELECT on the partitioned table to check.")
    String query;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: text).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (data && query != null) {
            throw new BadInputException("verify takes --query or --data, not both: run it twice.");
        }
        if (data) {
            return verifyData();
        }
        if (query == null) {
            throw new BadInputException("verify needs --query \"SELECT ...\" (the query whose partition pruning to check)"
                    + " or --data (compare the shadow with the source).");
        }
        boolean json = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new BadInputException("--format '" + format + "' is not a format: use text or json.");
        };
        TargetSpec target = targetSpec();
        try (Connection connection = Database.connect(target.connection())) {
            PruningReport report = new PruningCheck().check(connection, target.table(), query);
            out().println(json ? report.toJson() : report.text());
            out().flush();
            return report.failed() ? ExitCode.FAILURE : ExitCode.OK;
        }
    }

    private int verifyData() throws Exception {
        TargetSpec target = targetSpec();
        OwnerChannel channel = new OwnerChannel(target);
        try (Connection c = Database.connect(target.connection())) {
            MigrationRecord record = channel.record(c);
            if (record.phase() == Phase.CUT_OVER || record.phase() == Phase.ROLLED_BACK) {
                throw new BadInputException("the migration of " + target.table() + " is "
                        + record.phase().name().toLowerCase(java.util.Locale.ROOT) + ": there is no shadow being"
                        + " filled to verify.");
            }
            if (channel.owner(c).isPresent()) {
                ControlRequests.Result r = channel.ask(c, ControlRequests.Action.VERIFY, out());
                return report(r.ok(), r.text());
            }
        }
        java.util.Optional<TableLifecycle.Outcome> outcome = InProcess.run(migrationSpec(), TableLifecycle.Goal.VERIFY);
        if (outcome.isEmpty()) {
            return report(false, "stopped before the verification finished");
        }
        return report(outcome.get().ok(), outcome.get().message());
    }
}
