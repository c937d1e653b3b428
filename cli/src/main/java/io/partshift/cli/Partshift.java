package io.partshift.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code partshift} command. Exit codes: 0 success, 2 bad input (nothing changed), 1 failure at run time.
 */
@Command(name = "partshift", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Turns a live PostgreSQL table into a declaratively partitioned one, online.",
        subcommands = {PlanCommand.class, PrepareCommand.class, MigrateCommand.class, StatusCommand.class,
                AbortCommand.class, VerifyCommand.class, CutoverCommand.class, RollbackCommand.class,
                FinalizeCommand.class, MaintainCommand.class, PartitionsCommand.class,
                DemoCommand.class, io.partshift.cli.bench.BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Partshift implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Partshift());
        SpecOptions.addTo(cli);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new ErrorReporter());
        cli.setExitCodeExceptionMapper(ErrorReporter::exitCode);
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command, e.g. partshift plan --table public.events ...; see partshift --help");
    }
}
