package io.partshift.pipeline.copy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PostgreSQL's ISO text of dates and timestamps (also with a {@code T}, as ISO-8601 writers put it) into values
 * Java orders the way PostgreSQL does: {@code -infinity} first, {@code infinity} last, years BC before AD.
 */
final class TemporalKeyOrder {
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "\\s*(Z|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)?"
                    + "(\\s*BC)?");

    private TemporalKeyOrder() {
    }

    /** A date as days since 1970-01-01; the infinities as the extremes. */
    static long epochDay(String text) {
        String t = text.trim();
        if (t.equals("infinity")) {
            return Long.MAX_VALUE;
        }
        if (t.equals("-infinity")) {
            return Long.MIN_VALUE;
        }
        Matcher m = match(t);
        if (m.group(4) != null) {
            throw new IllegalArgumentException("a date has no time of day");
        }
        return LocalDateTime.of(year(m), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), 0, 0)
                .toLocalDate().toEpochDay();
    }

    /**
     * A timestamp as an instant: with {@code zoned}, the text must carry its offset (without one its meaning would
     * depend on the session's time zone); without, an offset is ignored, as PostgreSQL's timestamp input does.
     */
    static Instant timestamp(String text, boolean zoned) {
        String t = text.trim();
        if (t.equals("infinity")) {
            return Instant.MAX;
        }
        if (t.equals("-infinity")) {
            return Instant.MIN;
        }
        Matcher m = match(t);
        LocalDateTime local = LocalDateTime.of(year(m), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                intOr(m.group(4)), intOr(m.group(5)), intOr(m.group(6)), nanos(m.group(7)));
        ZoneOffset offset = ZoneOffset.UTC;
        if (zoned) {
            if (m.group(8) == null) {
                throw new IllegalArgumentException("a timestamptz without an offset");
            }
            offset = offset(m.group(8));
        }
        return local.toInstant(offset);
    }

    private static Matcher match(String text) {
        Matcher m = ISO.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not ISO date/time text");
        }
        return m;
    }

    /** Year 1 BC is year 0 in the proleptic calendar both sides use. */
    private static int year(Matcher m) {
        int year = Integer.parseInt(m.group(1));
        return m.group(9) == null ? year : 1 - year;
    }

    private static int intOr(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "000000000").substring(0, 9));
    }

    private static ZoneOffset offset(String text) {
        if (text.equals("Z")) {
            return ZoneOffset.UTC;
        }
        int sign = text.charAt(0) == '-' ? -1 : 1;
        String digits = text.substring(1).replace(":", "");
        int hourDigits = digits.length() % 2 == 1 ? 1 : 2;
        int hours = Integer.parseInt(digits.substring(0, hourDigits));
        String rest = digits.substring(hourDigits);
        int minutes = rest.length() >= 2 ? Integer.parseInt(rest.substring(0, 2)) : 0;
        int seconds = rest.length() >= 4 ? Integer.parseInt(rest.substring(2, 4)) : 0;
        return ZoneOffset.ofTotalSeconds(sign * (hours * 3600 + minutes * 60 + seconds));
    }
}
