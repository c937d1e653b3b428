package io.partshift.cli;

import io.partshift.config.BadInputException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.sql.SQLException;

/**
 * Turns every failure into one line on stderr and an exit code: bad input (2) says what is wrong and how to fix it;
 * a run-time failure (1) says what failed, with the chain of causes and the SQLSTATE when there is one.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static int exitCode(Throwable t) {
        return t instanceof BadInputException || t instanceof CommandLine.ParameterException
                ? ExitCode.BAD_INPUT : ExitCode.FAILURE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        if (e instanceof BadInputException) {
            err.println("partshift: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        err.println("partshift: failed: " + describe(e));
        if (System.getenv("PARTSHIFT_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("partshift: set PARTSHIFT_DEBUG=1 for the stack trace.");
        }
        return ExitCode.FAILURE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        Throwable cause = e.getCause();
        String message = cause instanceof BadInputException ? cause.getMessage() : e.getMessage();
        err.println("partshift: " + message);
        err.println("partshift: see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return ExitCode.BAD_INPUT;
    }

    /** The message and its causes, e.g. "could not create shadow: ERROR: ... (SQLSTATE 42P07)". */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable current = t;
        while (current != null) {
            String message = current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage();
            if (sb.indexOf(message) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(message);
                if (current instanceof SQLException sql && sql.getSQLState() != null) {
                    sb.append(" (SQLSTATE ").append(sql.getSQLState()).append(')');
                }
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return sb.toString();
    }
}
