package io.partshift.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A calendar interval: a positive amount of days, weeks, months or years. */
public record TimeInterval(int amount, Unit unit) implements PartitionInterval {
    private static final Pattern TEXT = Pattern.compile("(?i)\\s*(\\d+)\\s*(day|days|week|weeks|month|months|mon|mons|quarter|quarters|year|years)\\s*");

    /** Calendar units a partition can span; smaller units would mean tens of thousands of partitions. */
    public enum Unit {
        DAY, WEEK, MONTH, YEAR
    }

    public TimeInterval {
        java.util.Objects.requireNonNull(unit, "unit");
        if (amount < 1) {
            throw new BadInputException("an interval must be at least 1 " + unit.name().toLowerCase(Locale.ROOT)
                    + ", not " + amount + ".");
        }
    }

    public static TimeInterval parse(String text, String option) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new BadInputException("--" + option + " '" + text + "' is not an interval: use a number and a unit of"
                    + " day, week, month or year (or quarter), e.g. '1 day', '1 week', '1 month', '1 quarter' or '1 year'.");
        }
        int amount;
        try {
            amount = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + option + " '" + text + "' is too large: use at most a few years.", e);
        }
        String u = m.group(2).toLowerCase(Locale.ROOT);
        Unit unit = u.startsWith("day") ? Unit.DAY : u.startsWith("week") ? Unit.WEEK
                : u.startsWith("mon") || u.startsWith("quarter") ? Unit.MONTH : Unit.YEAR;
        if (amount < 1) {
            throw new BadInputException("--" + option + " '" + text + "' is zero: an interval must be at least 1 "
                    + unit.name().toLowerCase(Locale.ROOT) + ".");
        }
        if (u.startsWith("quarter")) {
            // A quarter is three months aligned to the year, which is what 3-month spans already are.
            if (amount > Integer.MAX_VALUE / 3) {
                throw new BadInputException("--" + option + " '" + text + "' is too large: use at most a few years.");
            }
            amount *= 3;
        }
        return new TimeInterval(amount, unit);
    }

    /** PostgreSQL interval text, e.g. {@code 3 months}. */
    public String sql() {
        String u = unit.name().toLowerCase(Locale.ROOT);
        return amount + " " + (amount == 1 ? u : u + "s");
    }

    @Override
    public String toString() {
        return sql();
    }
}
