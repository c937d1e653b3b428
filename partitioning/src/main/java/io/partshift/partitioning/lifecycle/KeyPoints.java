package io.partshift.partitioning.lifecycle;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the RANGE bounds of one key on one number line, so that bounds written by anyone (partshift, pg_partman, a
 * person) can be compared with the partitions partshift wants: microseconds since the epoch (UTC) for date and
 * timestamp keys, the value itself for integer keys. MINVALUE, MAXVALUE and ±infinity sit beyond every real value.
 */
final class KeyPoints {
    static final BigInteger MIN = BigInteger.ONE.shiftLeft(80).negate();
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(80);
    private static final BigInteger MICROS = BigInteger.valueOf(1_000_000);
    /** What PostgreSQL prints with DateStyle ISO: date, optional time and fraction, optional offset, optional BC. */
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4,})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?)?"
                    + "(?:([+-])(\\d{2})(?::?(\\d{2}))?(?::(\\d{2}))?)?( BC)?");

    private KeyPoints() {
    }

    /** Where one end of a RANGE bound sits, for a key that is a date or timestamp ({@code time}) or an integer. */
    static BigInteger of(LiveBound.Edge edge, boolean time) {
        return switch (edge.kind()) {
            case MINVALUE -> MIN;
            case MAXVALUE -> MAX;
            case VALUE -> time ? time(edge.text()) : new BigInteger(edge.text().trim());
        };
    }

    /** A date or timestamp literal as PostgreSQL prints it (quotes optional); a timestamptz in any offset. */
    static BigInteger time(String literal) {
        String text = literal.trim();
        if (text.startsWith("'") && text.endsWith("'") && text.length() >= 2) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.equals("infinity")) {
            return MAX;
        }
        if (text.equals("-infinity")) {
            return MIN;
        }
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("unexpected date or timestamp bound '" + literal + "'");
        }
        int year = Integer.parseInt(m.group(1));
        if (m.group(12) != null) {
            year = 1 - year; // 1 BC is year 0 of the proleptic calendar
        }
        LocalDateTime local = LocalDateTime.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        long offsetSeconds = 0;
        if (m.group(8) != null) {
            offsetSeconds = Integer.parseInt(m.group(9)) * 3600L
                    + (m.group(10) == null ? 0 : Integer.parseInt(m.group(10))) * 60L
                    + (m.group(11) == null ? 0 : Integer.parseInt(m.group(11)));
            if (m.group(8).equals("-")) {
                offsetSeconds = -offsetSeconds;
            }
        }
        long seconds = local.toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
        long micros = m.group(7) == null ? 0 : Long.parseLong((m.group(7) + "00000").substring(0, 6));
        return BigInteger.valueOf(seconds).multiply(MICROS).add(BigInteger.valueOf(micros));
    }

    /** Midnight UTC of a day: where partshift's time partitions start and end. */
    static BigInteger time(LocalDate day) {
        return BigInteger.valueOf(day.toEpochSecond(java.time.LocalTime.MIDNIGHT, ZoneOffset.UTC)).multiply(MICROS);
    }

    static BigInteger time(LocalDateTime utc) {
        return BigInteger.valueOf(utc.toEpochSecond(ZoneOffset.UTC)).multiply(MICROS)
                .add(BigInteger.valueOf(utc.getNano() / 1000));
    }
}
