package io.partshift.partitioning.lifecycle;

import io.partshift.config.TimeInterval;
import io.partshift.partitioning.shadow.TimeRanges;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time partitions one parent should have at "now": the one holding today (UTC) and {@code --premake} more, and
 * nothing wholly older than the retention cutoff. Rows dated past the premade partitions stay in DEFAULT, as they do
 * after a migration, so that a few typo'd dates cannot create hundreds of empty partitions.
 *
 * @param current the start of the partition holding today
 * @param end     the end of the last premade partition (exclusive)
 * @param cutoff  the retention cutoff on {@link KeyPoints}' line; partitions ending at or before it are expired
 */
record TimeWindow(TimeInterval interval, LocalDate current, LocalDate end, Optional<BigInteger> cutoff) {
    enum Place {
        /** Wanted: within the window. */
        INSIDE,
        /** Later than the premade partitions. */
        AFTER,
        /** Wholly older than the retention window. */
        BEFORE
    }

    static TimeWindow of(TimeInterval interval, LocalDate today, int premake, Optional<BigInteger> cutoff) {
        LocalDate current = TimeRanges.floor(today, interval);
        LocalDate end = current;
        for (int i = 0; i <= premake; i++) {
            end = TimeRanges.next(end, interval);
        }
        return new TimeWindow(interval, current, end, cutoff);
    }

    /** The starts of the current partition and the premade ones. */
    List<LocalDate> premade() {
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate s = current; s.isBefore(end); s = TimeRanges.next(s, interval)) {
            starts.add(s);
        }
        return starts;
    }

    /** The start of the partition that holds {@code day}. */
    LocalDate slot(LocalDate day) {
        return TimeRanges.floor(day, interval);
    }

    Place place(LocalDate slotStart) {
        if (!slotStart.isBefore(end)) {
            return Place.AFTER;
        }
        if (cutoff.isPresent() && KeyPoints.time(TimeRanges.next(slotStart, interval)).compareTo(cutoff.get()) <= 0) {
            return Place.BEFORE;
        }
        return Place.INSIDE;
    }
}
