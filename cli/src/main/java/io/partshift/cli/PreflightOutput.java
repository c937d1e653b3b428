package io.partshift.cli;

import io.partshift.partitioning.preflight.CheckResult;
import io.partshift.partitioning.preflight.PreflightReport;

import java.io.PrintWriter;

/**
 * Prints the preflight report as SQL comments (so plan output stays valid SQL) and stops the command with exit
 * code 2 when a check failed; every failure is listed on stderr before that.
 */
final class PreflightOutput {
    private PreflightOutput() {
    }

    static void print(PreflightReport report, PrintWriter out, PrintWriter err) {
        if (!report.passed()) {
            for (CheckResult failure : report.failures()) {
                err.println("partshift: preflight " + failure.check() + ": " + failure.message());
            }
            err.flush();
            report.throwIfFailed();
        }
        for (String line : report.text().split("\n")) {
            out.println("-- preflight " + line);
        }
        out.println();
    }
}
