package io.partshift.cli;

import io.partshift.config.Names;
import io.partshift.config.TargetSpec;
import io.partshift.pipeline.MigrationOwner;
import io.partshift.pipeline.state.ControlRequests.Action;
import io.partshift.pipeline.state.ControlRequests.Result;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.swapper.Finalize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.time.Duration;

/** {@code partshift finalize}: ends a cut-over migration; after it a rollback is no longer possible. */
@Command(name = "finalize", mixinStandardHelpOptions = true,
        description = {"Ends a cut-over migration: stops the reverse stream, drops its slot and publication (which "
                + "retain WAL while they exist), drops the old table unless --keep-old, and removes the state.",
                "After this, 'partshift rollback' is no longer possible."})
final class FinalizeCommand extends SpecCommand {
    @Option(names = "--keep-old", description = "Keep the old table (its user triggers stay disabled).")
    boolean keepOld;

    @Override
    public Integer call() throws Exception {
        TargetSpec target = targetSpec();
        OwnerChannel channel = new OwnerChannel(target);
        try (Connection c = Database.connect(target.connection())) {
            MigrationRecord record = channel.record(c);
            channel.requireCutOver(record, "there is nothing to finalize");
            if (channel.owner(c).isPresent()) {
                Result r = channel.ask(c, Action.FINALIZE, out());
                if (!r.ok()) {
                    out().println(r.text());
                    out().flush();
                    return ExitCode.FAILURE;
                }
                channel.awaitOwnerGone(c, Duration.ofSeconds(60));
            }
            try (MigrationOwner owner = MigrationOwner.tryAcquire(target.connection(),
                    new Names(target.table(), target.stateSchema())).orElseThrow(() -> new IllegalStateException(
                    "another partshift process started on " + target.table() + " meanwhile: stop it and run this again"))) {
                new Finalize(target, keepOld).run(c).forEach(out()::println);
            }
            out().flush();
            return ExitCode.OK;
        }
    }
}
