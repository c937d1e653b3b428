package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.config.SpecReader;
import io.partshift.config.TargetSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A command that reads the migration spec: {@code --spec FILE} plus one flag per declared option (added by
 * {@link SpecOptions}); flags override the file, the file overrides the environment.
 */
abstract class SpecCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec commandSpec;

    @CommandLine.Option(names = "--spec", paramLabel = "FILE",
            description = "A YAML file with the options below as keys (e.g. 'partition-by: RANGE (created_at)'); flags override it.")
    Path specFile;

    SpecReader specReader() {
        return SpecReader.read(Optional.ofNullable(specFile), SpecOptions.given(commandSpec), System.getenv());
    }

    MigrationSpec migrationSpec() {
        return specReader().migration();
    }

    TargetSpec targetSpec() {
        return specReader().target();
    }

    CommandLine.Model.CommandSpec spec() {
        return commandSpec;
    }

    java.io.PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }

    /** Prints the one line that says how a command ended; exit 0 when it did what was asked, 1 when not. */
    int report(boolean ok, String text) {
        out().println(text);
        out().flush();
        return ok ? ExitCode.OK : ExitCode.FAILURE;
    }
}
