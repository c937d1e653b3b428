package io.partshift.pipeline.stream;

/**
 * PostgreSQL log sequence numbers as the stream carries them (a 64-bit number) and as PostgreSQL prints them
 * ({@code 16/B374D848}), so that logs and errors show the form an operator can paste into SQL.
 */
public final class Lsn {
    private Lsn() {
    }

    /** Parses PostgreSQL's {@code X/Y} form (two hex numbers of up to 32 bits each). */
    public static long parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("'" + text + "' is not an LSN: expected two hex numbers such as 16/B374D848");
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            return high << 32 | low;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an LSN: expected two hex numbers such as 16/B374D848", e);
        }
    }

    /** Formats as PostgreSQL prints {@code pg_lsn}, e.g. {@code 0/16B3748}. */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
