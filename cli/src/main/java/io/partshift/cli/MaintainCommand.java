package io.partshift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partshift.config.LogFormat;
import io.partshift.config.MaintenanceSpec;
import io.partshift.config.Options;
import io.partshift.config.SpecReader;
import io.partshift.partitioning.lifecycle.MaintenanceResult;
import io.partshift.partitioning.lifecycle.MaintenanceStep;
import io.partshift.partitioning.lifecycle.Maintainer;
import io.partshift.partitioning.lifecycle.StepOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.time.Clock;
import java.util.Locale;

/** {@code partshift maintain}: keeps a partitioned table as its spec wants it; idempotent, meant for a scheduler. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Keeps a partitioned table healthy from the spec that migrated it: premakes --premake future "
                + "RANGE partitions, gives new LIST values (and value groups) their partitions, moves the rows that "
                + "belong in a new partition out of DEFAULT, and detaches partitions past --retention to drop them or "
                + "move them to --archive-schema. Works on tables partitioned by others too.",
                "Idempotent: a second run at the same time changes nothing. One line per change on stdout, with how "
                        + "long writers were blocked; run it from cron, pg_cron or a systemd timer."})
final class MaintainCommand extends SpecCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--dry-run", description = "Print every statement maintain would run, in order, and run none.")
    boolean dryRun;

    @Option(names = "--now", paramLabel = "TIMESTAMP", description = NowOption.DESCRIPTION)
    String now;

    @Override
    public Integer call() throws Exception {
        SpecReader reader = specReader();
        MaintenanceSpec spec = reader.maintenance();
        Clock clock = NowOption.clock(now);
        boolean json = reader.get(Options.LOG_FORMAT).orElse(LogFormat.LOGFMT) == LogFormat.JSON;
        try (Connection connection = Database.connect(spec.target().connection())) {
            MaintenanceResult result = new Maintainer(connection, clock).maintain(spec, dryRun, outcome -> {
                out().println(json ? json(outcome) : outcome.summary());
                out().flush();
            });
            result.script().ifPresent(out()::print);
            if (!dryRun) {
                result.plan().warnings().forEach(w -> out().println(json ? warningJson(w) : "warning: " + w));
            }
            out().println(json ? summaryJson(result) : result.summary());
            out().flush();
            return ExitCode.OK;
        }
    }

    private static String json(StepOutcome o) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", o.step() instanceof MaintenanceStep.Create ? "created" : "expired");
        node.put("partition", o.step().partition().toString());
        if (o.step() instanceof MaintenanceStep.Expire expire) {
            node.put("detach", expire.mode().name().toLowerCase(Locale.ROOT));
            node.put("archive_schema", expire.archiveSchema().orElse(null));
        }
        node.put("moved_rows", o.movedRows());
        node.put("lock_wait_ms", o.lockWait().toMillis());
        node.put("writers_blocked_ms", o.writersBlocked().toMillis());
        node.put("attempts", o.attempts());
        node.put("message", o.summary());
        return node.toString();
    }

    private static String warningJson(String warning) {
        return JSON.createObjectNode().put("event", "warning").put("message", warning).toString();
    }

    private static String summaryJson(MaintenanceResult r) {
        return JSON.createObjectNode().put("event", "summary").put("table", r.plan().table().toString())
                .put("dry_run", r.dryRun()).put("steps", r.plan().steps().size()).put("moved_rows", r.movedRows())
                .put("longest_block_ms", r.longestBlock().toMillis()).put("leaf_partitions", r.plan().leavesAfter())
                .put("warnings", r.plan().warnings().size()).put("message", r.summary()).toString();
    }
}
