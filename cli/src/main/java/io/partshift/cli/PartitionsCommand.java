package io.partshift.cli;

import io.partshift.config.LifecycleSpec;
import io.partshift.config.SpecReader;
import io.partshift.config.TargetSpec;
import io.partshift.partitioning.lifecycle.PartitionReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.time.Instant;

/** {@code partshift partitions}: every partition of a table with its numbers, and what needs attention. */
@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = {"Lists every partition of --table with its bounds, estimated rows and size "
                + "(pg_total_relation_size), DEFAULT's exact row count, and warnings: no partition for now or none "
                + "premade, rows in DEFAULT, a partition larger than --max-partition-size, a detach left pending.",
                "Changes nothing. --format json is for monitoring; the exit code is 0 with or without warnings."})
final class PartitionsCommand extends SpecCommand {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = OutputFormat.DESCRIPTION)
    String format;

    @Option(names = "--now", paramLabel = "TIMESTAMP", description = NowOption.DESCRIPTION)
    String now;

    @Override
    public Integer call() throws Exception {
        OutputFormat output = OutputFormat.parse(format);
        SpecReader reader = specReader();
        TargetSpec target = reader.target();
        LifecycleSpec lifecycle = reader.lifecycle();
        Instant at = NowOption.clock(now).instant();
        try (Connection connection = Database.connect(target.connection())) {
            PartitionReport report = PartitionReport.read(connection, target.table(), lifecycle.maxPartitionBytes(), at);
            if (output == OutputFormat.JSON) {
                out().println(report.toJson());
            } else {
                out().print(report.text());
            }
            out().flush();
            return ExitCode.OK;
        }
    }
}
