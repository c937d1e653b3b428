package io.partshift.cli.bench;

import java.util.Locale;

/** How the bench prints durations, rates, sizes and ratios: one spelling everywhere in the table. */
final class Units {
    private Units() {
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String millis(long millis) {
        return String.format(Locale.ROOT, "%,d ms", millis);
    }

    static String perSecond(double perSecond, String what) {
        return String.format(Locale.ROOT, "%,.0f %s/s", perSecond, what);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long bytes) {
        double mib = bytes / (1024.0 * 1024.0);
        return mib >= 1024 ? String.format(Locale.ROOT, "%.2f GiB", mib / 1024) : String.format(Locale.ROOT, "%.0f MiB", mib);
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** A copy's duration with its row rate, e.g. "5.81 s (172,117 rows/s)". */
    static String copy(long nanos, long rows) {
        return seconds(nanos) + " (" + perSecond(rows / (nanos / 1e9), "rows") + ")";
    }
}
