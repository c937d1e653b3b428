package io.partshift.partitioning.lifecycle;

import java.util.Locale;

/** Byte counts as PostgreSQL's pg_size_pretty prints them (powers of 1024, rounded). */
final class Sizes {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private Sizes() {
    }

    static String pretty(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        // pg_size_pretty switches unit once the value reaches 10240 of the smaller one
        while (unit < UNITS.length - 1 && value >= 10 * 1024) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%d %s", Math.round(value), UNITS[unit]);
    }
}
