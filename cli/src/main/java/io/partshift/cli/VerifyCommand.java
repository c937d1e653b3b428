package io.partshift.cli;

import io.partshift.config.BadInputException;
import io.partshift.config.TargetSpec;
import io.partshift.partitioning.pruning.PruningCheck;
import io.partshift.partitioning.pruning.PruningReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;

/** {@code partshift verify --query}: proves with EXPLAIN ANALYZE that a query prunes partitions. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Runs EXPLAIN (ANALYZE, BUFFERS) of --query on the partitioned --table inside a read-only "
                + "transaction that is rolled back, and reports how many partitions it scanned and pruned.",
                "Exits 1 when the query filters on the partition key yet scans every partition."})
final class VerifyCommand extends SpecCommand {
    @Option(names = "--query", paramLabel = "SQL", description = "A SELECT on the partitioned table to check.")
    String query;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: text).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (query == null) {
            throw new BadInputException("verify needs --query \"SELECT ...\": the query whose partition pruning to check.");
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
}
