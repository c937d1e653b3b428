package io.partshift.partitioning.shadow;

import io.partshift.config.TimeInterval;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RANGE partitions over a date or timestamp key, aligned to the calendar so that names and bounds stay predictable
 * for the partition lifecycle: days and N-day spans align to epoch days, weeks start on ISO Monday, N months align
 * to the month count from January of year 0 (so 3 months are quarters, 6 months halves), N years to the year number.
 * Every bound is midnight UTC, so only the date part of a key decides its partition.
 */
public final class TimeRanges {
    /** 1970-01-05, the first Monday after the epoch: N-week spans count from here. */
    private static final long FIRST_MONDAY = 4;

    /** How the key's type spells a bound. */
    public enum Kind {
        DATE, TIMESTAMP, TIMESTAMPTZ;

        /** The kind for a base type name as pg_type spells it ({@code date}, {@code timestamp}, ...). */
        public static Optional<Kind> of(String baseType) {
            return switch (baseType) {
                case "date" -> Optional.of(DATE);
                case "timestamp" -> Optional.of(TIMESTAMP);
                case "timestamptz" -> Optional.of(TIMESTAMPTZ);
                default -> Optional.empty();
            };
        }
    }

    private TimeRanges() {
    }

    /**
     * Partitions from the one holding {@code min} (or {@code today} for an empty table) through the one holding
     * the later of {@code max} and {@code today}, plus {@code premake} more. With a DEFAULT partition, rows dated
     * beyond today's partition plus the premade ones are left to DEFAULT instead: a handful of rows typo'd into
     * 2099 must not create nine hundred empty monthly partitions (nor slow every key lookup across them).
     *
     * @throws PartitionLimit.Exceeded when there would be more than {@code limit}, before building any
     */
    static List<Bound.Range> bounds(TimeInterval interval, Kind kind, Optional<LocalDate> min, Optional<LocalDate> max,
                                    LocalDate today, int premake, boolean futureToDefault, int limit) {
        LocalDate first = floor(min.orElse(today), interval);
        LocalDate newest = futureToDefault ? today : max.filter(m -> m.isAfter(today)).orElse(today);
        LocalDate last = floor(newest, interval);
        long count = steps(first, last, interval) + 1 + premake;
        PartitionLimit.check(count, false, limit);
        List<Bound.Range> bounds = new ArrayList<>((int) count);
        LocalDate start = first;
        for (long i = 0; i < count; i++) {
            bounds.add(range(start, interval, kind));
            start = next(start, interval);
        }
        return bounds;
    }

    /** The partition that starts at {@code start} (an aligned start, see {@link #floor}). */
    public static Bound.Range range(LocalDate start, TimeInterval interval, TimeRanges.Kind kind) {
        LocalDate end = next(start, interval);
        return new Bound.Range(suffix(start, interval), literal(start, kind), literal(end, kind), literal(start, kind),
                literal(end, kind));
    }

    /** The start of the partition that holds {@code day}. */
    public static LocalDate floor(LocalDate day, TimeInterval interval) {
        int n = interval.amount();
        return switch (interval.unit()) {
            case DAY -> LocalDate.ofEpochDay(day.toEpochDay() - Math.floorMod(day.toEpochDay(), n));
            case WEEK -> {
                long weeks = Math.floorDiv(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toEpochDay()
                        - FIRST_MONDAY, 7);
                yield LocalDate.ofEpochDay(FIRST_MONDAY + (weeks - Math.floorMod(weeks, n)) * 7);
            }
            case MONTH -> {
                long month = monthIndex(day);
                long aligned = month - Math.floorMod(month, n);
                yield LocalDate.of((int) Math.floorDiv(aligned, 12), Math.floorMod(aligned, 12) + 1, 1);
            }
            case YEAR -> LocalDate.of(day.getYear() - Math.floorMod(day.getYear(), n), 1, 1);
        };
    }

    public static LocalDate next(LocalDate start, TimeInterval interval) {
        int n = interval.amount();
        return switch (interval.unit()) {
            case DAY -> start.plusDays(n);
            case WEEK -> start.plusWeeks(n);
            case MONTH -> start.plusMonths(n);
            case YEAR -> start.plusYears(n);
        };
    }

    /** Partitions between two aligned starts, counted without building them (a typo'd interval can mean millions). */
    static long steps(LocalDate first, LocalDate last, TimeInterval interval) {
        long n = interval.amount();
        return switch (interval.unit()) {
            case DAY -> (last.toEpochDay() - first.toEpochDay()) / n;
            case WEEK -> (last.toEpochDay() - first.toEpochDay()) / (7 * n);
            case MONTH -> (monthIndex(last) - monthIndex(first)) / n;
            case YEAR -> (last.getYear() - first.getYear()) / n;
        };
    }

    /** {@code p2026} for yearly spans, {@code p2026_03} for monthly ones, {@code p2026_03_09} for days and weeks. */
    public static String suffix(LocalDate start, TimeInterval interval) {
        return switch (interval.unit()) {
            case YEAR -> String.format(Locale.ROOT, "p%04d", start.getYear());
            case MONTH -> String.format(Locale.ROOT, "p%04d_%02d", start.getYear(), start.getMonthValue());
            case DAY, WEEK -> String.format(Locale.ROOT, "p%04d_%02d_%02d", start.getYear(), start.getMonthValue(),
                    start.getDayOfMonth());
        };
    }

    /** An explicit literal, so the bound never depends on the session's TimeZone or DateStyle. */
    public static String literal(LocalDate day, Kind kind) {
        String date = String.format(Locale.ROOT, "%04d-%02d-%02d", day.getYear(), day.getMonthValue(),
                day.getDayOfMonth());
        return switch (kind) {
            case DATE -> "'" + date + "'";
            case TIMESTAMP -> "'" + date + " 00:00:00'";
            case TIMESTAMPTZ -> "'" + date + " 00:00:00+00'";
        };
    }

    private static long monthIndex(LocalDate day) {
        return day.getYear() * 12L + day.getMonthValue() - 1;
    }
}
