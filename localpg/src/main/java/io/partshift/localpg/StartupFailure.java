package io.partshift.localpg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects why each strategy could not start a server, and turns that into one actionable error. */
final class StartupFailure {

    private static final String HOW_TO_FIX = "To fix: install the PostgreSQL server package (Debian/Ubuntu:"
            + " apt-get install postgresql-15) or set PG_BIN to a directory holding initdb, pg_ctl and postgres;"
            + " or, for the embedded binaries when running as root, allow unprivileged user namespaces"
            + " (sysctl kernel.unprivileged_userns_clone=1, and on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0)"
            + " or run as a non-root user."
            + " PARTSHIFT_PG=system|embedded forces one way.";

    private final List<String> reports = new ArrayList<>();
    private final List<Exception> causes = new ArrayList<>();
    private boolean settingsRejected;

    void add(LocalPostgres.Strategy strategy, int port, Exception e, String logTail) {
        StringBuilder r = new StringBuilder("- ").append(strategy.name().toLowerCase(Locale.ROOT))
                .append(" binaries").append(port > 0 ? " (port " + port + ")" : "").append(": ").append(messages(e));
        if (!logTail.isBlank()) {
            r.append("\n  server log, last lines:\n    ").append(logTail.replace("\n", "\n    "));
        }
        reports.add(r.toString());
        causes.add(e);
        settingsRejected |= isSettingsError(logTail);
    }

    /** The server rejected one of the caller's settings: a bug in the caller, not in how we ran the binaries. */
    static boolean isSettingsError(String logTail) {
        return logTail.contains("invalid value for parameter") || logTail.contains("unrecognized configuration parameter");
    }

    IllegalStateException toException() {
        String message = "could not start a local PostgreSQL server.\n" + String.join("\n", reports) + "\n"
                + (settingsRejected ? "To fix: correct the server setting the log names (LocalPostgres.Settings)." : HOW_TO_FIX);
        IllegalStateException ex = new IllegalStateException(message, causes.isEmpty() ? null : causes.get(0));
        causes.stream().skip(1).forEach(ex::addSuppressed);
        return ex;
    }

    /** The messages along the cause chain: zonky's top-level one ("Process [...] failed") says little alone. */
    private static String messages(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return String.join(" <- ", parts).replace("\n", "\n  ");
    }
}
