package io.partshift.pipeline.stream;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Debezium's temporal encodings back to PostgreSQL input text. PostgreSQL writes years before 1 AD as
 * {@code 4713-01-01 BC} (there is no year 0; ISO year 0 is 1 BC) and accepts years past 9999 without a sign, while
 * Java prints {@code -4712} and {@code +10000}; and Debezium encodes {@code infinity} with sentinel numbers.
 */
final class PgTemporal {
    /** pgjdbc's {@code PGStatement.DATE_POSITIVE_INFINITY}, which Debezium passes through for timestamp infinity. */
    static final long TIMESTAMP_INFINITY = 9223372036825200000L;
    static final long TIMESTAMP_MINUS_INFINITY = -9223372036832400000L;
    /** What Debezium's int epoch-day arithmetic makes of PostgreSQL's {@code infinity} / {@code -infinity} dates. */
    static final int DATE_INFINITY = -2147472692;
    static final int DATE_MINUS_INFINITY = -2147472691;
    /** PostgreSQL's earliest timestamp, 4714-11-24 00:00:00 BC, in microseconds since 1970: anything below overflowed. */
    private static final long MIN_MICROS = -210866803200000000L;

    private PgTemporal() {
    }

    static String date(int epochDay) {
        if (epochDay == DATE_INFINITY) {
            return "infinity";
        }
        if (epochDay == DATE_MINUS_INFINITY) {
            return "-infinity";
        }
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        return ymd(d) + era(d.getYear());
    }

    /** A timestamp without time zone from an amount of {@code unitsPerSecond} units since 1970-01-01 00:00. */
    static String timestamp(long value, long unitsPerSecond, String column) {
        if (value == TIMESTAMP_INFINITY) {
            return "infinity";
        }
        if (value == TIMESTAMP_MINUS_INFINITY) {
            return "-infinity";
        }
        // Debezium computes these from an Instant without overflow checks: a timestamp past 294247-01-10 wraps round
        // to a number far below PostgreSQL's earliest timestamp. (Nanoseconds cannot reach that far either way.)
        long min = unitsPerSecond <= 1_000_000 ? MIN_MICROS / (1_000_000 / unitsPerSecond) : Long.MIN_VALUE;
        if (value < min) {
            throw new IllegalArgumentException("column " + column + ": timestamp " + value + " is before PostgreSQL's"
                    + " earliest, so Debezium's conversion overflowed: timestamps after 294247-01-10 cannot be streamed");
        }
        long seconds = Math.floorDiv(value, unitsPerSecond);
        long nanos = Math.floorMod(value, unitsPerSecond) * (1_000_000_000L / unitsPerSecond);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
        return ymd(t.toLocalDate()) + " " + hms(t.getHour(), t.getMinute(), t.getSecond(), t.getNano()) + era(t.getYear());
    }

    /** Debezium's ZonedTimestamp (ISO 8601 text, UTC) as PostgreSQL timestamptz input. */
    static String zonedTimestamp(String iso, String column) {
        if (iso.equals("infinity") || iso.equals("-infinity")) {
            return iso;
        }
        String common = commonZonedTimestamp(iso);
        if (common != null) {
            return common;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
            return ymd(t.toLocalDate()) + " " + hms(t.getHour(), t.getMinute(), t.getSecond(), t.getNano()) + "+00"
                    + era(t.getYear());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("column " + column + ": '" + iso + "' is not an ISO 8601 timestamp", e);
        }
    }

    /**
     * The form nearly every value has, {@code 2020-01-01T08:00:00.123456Z} with a year from 1 to 9999, rewritten
     * without parsing (parsing costs about half the time of converting a typical row); null for any other form.
     */
    private static String commonZonedTimestamp(String iso) {
        int n = iso.length();
        if (n < 20 || iso.charAt(4) != '-' || iso.charAt(10) != 'T' || iso.charAt(n - 1) != 'Z'
                || iso.startsWith("0000") || (n > 20 && iso.charAt(19) != '.')) {
            return null;
        }
        for (int i = 0; i < 4; i++) {
            if (!Character.isDigit(iso.charAt(i))) {
                return null;
            }
        }
        int end = n - 1;
        while (end > 20 && iso.charAt(end - 1) == '0') {
            end--;
        }
        String fraction = end > 20 ? iso.substring(19, end) : "";
        return iso.substring(0, 10) + " " + iso.substring(11, 19) + fraction + "+00";
    }

    /** Debezium's ZonedTime ({@code 08:11:12.345Z}) as timetz input; PostgreSQL reads {@code Z} as UTC. */
    static String zonedTime(String iso) {
        return iso;
    }

    /** A time of day from an amount of {@code unitsPerSecond} units since midnight; 24:00:00 is a valid time. */
    static String time(long value, long unitsPerSecond, String column) {
        long day = 86_400L * unitsPerSecond;
        if (value < 0 || value > day) {
            throw new IllegalArgumentException("column " + column + ": " + value + " is not a time of day");
        }
        long seconds = value / unitsPerSecond;
        long nanos = value % unitsPerSecond * (1_000_000_000L / unitsPerSecond);
        return hms((int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60), (int) nanos);
    }

    private static String ymd(LocalDate d) {
        int year = d.getYear() <= 0 ? 1 - d.getYear() : d.getYear();
        return pad(year, 4) + "-" + pad(d.getMonthValue(), 2) + "-" + pad(d.getDayOfMonth(), 2);
    }

    private static String era(int isoYear) {
        return isoYear <= 0 ? " BC" : "";
    }

    /** Seconds with the fraction PostgreSQL keeps (microseconds), trailing zeros dropped. */
    private static String hms(int h, int m, int s, int nanos) {
        String text = pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2);
        if (nanos == 0) {
            return text;
        }
        String fraction = pad(nanos, 9);
        int end = fraction.length();
        while (fraction.charAt(end - 1) == '0') {
            end--;
        }
        return text + "." + fraction.substring(0, end);
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
