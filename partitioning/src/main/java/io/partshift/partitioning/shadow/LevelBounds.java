package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.Identifiers;
import io.partshift.config.NumericInterval;
import io.partshift.config.Options;
import io.partshift.config.PartitionInterval;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.catalog.Column;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns one level's settings and what the data holds into that level's partitions. Pure: no database. */
final class LevelBounds {
    private static final Pattern DATE = Pattern.compile("(\\d{4,})-(\\d{2})-(\\d{2}).*?(AD|BC)?");

    private LevelBounds() {
    }

    /**
     * @param defaultPartition the spec asks for DEFAULT partitions (ignored under HASH)
     * @param sub              this is the second level (only changes option names in messages)
     * @param limit            the most partitions this level may have
     */
    static LevelLayout plan(PartitionLevel level, Column column, KeyProfile profile, boolean defaultPartition,
                            int premake, LocalDate today, boolean sub, int limit) {
        boolean withDefault = defaultPartition && level.method() != PartitionMethod.HASH;
        if (profile.hasInfinite() && !withDefault) {
            throw new BadInputException("column " + column.name() + " holds infinity or -infinity, which only a DEFAULT"
                    + " partition can take: enable " + Options.DEFAULT_PARTITION.flag() + " or update those rows.");
        }
        List<Bound> bounds = switch (level.method()) {
            case RANGE -> range(level.interval().orElseThrow(), column, profile, premake, today, sub, withDefault, limit);
            case HASH -> hash(level.modulus().getAsInt(), limit);
            case LIST -> list(level, column, profile, withDefault, sub, limit);
        };
        return new LevelLayout(level, column, bounds, withDefault);
    }

    private static List<Bound> range(PartitionInterval interval, Column column, KeyProfile profile, int premake,
                                     LocalDate today, boolean sub, boolean withDefault, int limit) {
        String option = (sub ? Options.SUB_INTERVAL : Options.INTERVAL).flag();
        if (interval instanceof TimeInterval time) {
            TimeRanges.Kind kind = TimeRanges.Kind.of(column.baseType()).orElseThrow(() -> new BadInputException(
                    option + " " + time + " needs a date or timestamp column, but " + column.name() + " is "
                            + column.type() + ": give a whole number " + option + " for an integer key."));
            return List.copyOf(TimeRanges.bounds(time, kind, profile.min().map(v -> date(v, column)),
                    profile.max().map(v -> date(v, column)), today, premake, withDefault, limit));
        }
        NumericInterval step = (NumericInterval) interval;
        BigInteger[] limits = IntegerRanges.typeLimits(column.baseType()).orElseThrow(() -> new BadInputException(
                option + " " + step + " needs an integer column (smallint, integer or bigint), but " + column.name()
                        + " is " + column.type() + ": give a calendar " + option + " such as '1 month' for a date or"
                        + " timestamp key."));
        return List.copyOf(IntegerRanges.bounds(step.step(), limits[0], limits[1], profile.min().map(BigInteger::new),
                profile.max().map(BigInteger::new), premake, limit));
    }

    private static List<Bound> hash(int modulus, int limit) {
        PartitionLimit.check(modulus, false, limit);
        return List.copyOf(Bound.Hash.all(modulus));
    }

    private static List<Bound> list(PartitionLevel level, Column column, KeyProfile profile, boolean withDefault,
                                    boolean sub, int limit) {
        String groupOption = (sub ? Options.SUB_LIST_GROUP : Options.LIST_GROUP).flag();
        if (level.groups().isEmpty()) {
            if (profile.values().isEmpty() && !withDefault) {
                throw new BadInputException("column " + column.name() + " holds no values to make LIST partitions"
                        + " from: list them with " + groupOption + " or enable " + Options.DEFAULT_PARTITION.flag()
                        + ".");
            }
            return List.copyOf(ListPartitions.perValue(profile.values(), profile.valuesCapped(), limit));
        }
        if (!profile.ungrouped().isEmpty() && !withDefault) {
            List<String> shown = profile.ungrouped().subList(0, Math.min(5, profile.ungrouped().size()));
            throw new BadInputException("column " + column.name() + " holds values in no " + groupOption + " ("
                    + shown.stream().map(Identifiers::literal).collect(Collectors.joining(", "))
                    + (profile.ungrouped().size() > 5 ? " and more" : "") + "): add them to a " + groupOption
                    + " or enable " + Options.DEFAULT_PARTITION.flag() + ".");
        }
        return List.copyOf(ListPartitions.groups(level.groups(), groupOption, limit));
    }

    /** The calendar date of a profiled value ({@code YYYY-MM-DD HH:MI:SS.US AD}). */
    static LocalDate date(String text, Column column) {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected date text '" + text + "' for column " + column.name());
        }
        if ("BC".equals(m.group(4))) {
            throw new BadInputException("column " + column.name() + " holds dates before year 1 (" + text + "), which"
                    + " partshift cannot align partitions to: update or delete those rows first.");
        }
        return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
}
