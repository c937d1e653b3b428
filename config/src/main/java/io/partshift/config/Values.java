package io.partshift.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The parsers {@link Options} declares its options with; every error names the option and the accepted form. */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+)\\s*(b|kb|mb|gb|tb)?");
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private Values() {
    }

    /** Whole numbers from {@code min} to {@code max}; {@code Integer.MAX_VALUE} as max means "no upper bound". */
    static OptionDef.ValueParser<Integer> integer(int min, int max) {
        String range = max == Integer.MAX_VALUE ? "a whole number of at least " + min
                : "a whole number from " + min + " to " + max;
        return (text, option) -> {
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("--" + option + " '" + text + "' is not a whole number: give " + range + ".");
            }
            if (value < min || value > max) {
                throw new BadInputException("--" + option + " " + value + " is out of range: give " + range + ".");
            }
            return (int) value;
        };
    }

    /**
     * Durations written as a whole number and a unit, e.g. {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}.
     *
     * @param max the largest accepted value, or null for no upper bound
     */
    static OptionDef.ValueParser<Duration> duration(Duration min, Duration max) {
        String range = max == null ? "of at least " + format(min) : "from " + format(min) + " to " + format(max);
        return (text, option) -> {
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                throw new BadInputException("--" + option + " '" + text + "' is not a duration: write a whole number and"
                        + " a unit of ms, s, m or h, e.g. 500ms, 5s, 2m or 1h.");
            }
            Duration value;
            try {
                long amount = Long.parseLong(m.group(1));
                value = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                throw new BadInputException("--" + option + " '" + text + "' is out of range: give a duration " + range + ".");
            }
            if (value.compareTo(min) < 0 || (max != null && value.compareTo(max) > 0)) {
                throw new BadInputException("--" + option + " " + text.trim() + " is out of range: give a duration "
                        + range + ".");
            }
            return value;
        };
    }

    /** A duration in the same short form users write, e.g. {@code 500ms} or {@code 2m}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /**
     * A size in bytes written as PostgreSQL prints them: a whole number and an optional unit of B, kB, MB, GB or TB
     * (powers of 1024), e.g. {@code 500MB} or {@code 10GB}.
     */
    static Long size(String text, String option) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new BadInputException("--" + option + " '" + text + "' is not a size: write a whole number and a unit"
                    + " of B, kB, MB, GB or TB, e.g. 500MB or 10GB.");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "kb" -> 10;
            case "mb" -> 20;
            case "gb" -> 30;
            case "tb" -> 40;
            default -> 0;
        };
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + option + " '" + text + "' is out of range: give at most a few TB.", e);
        }
        if (amount < 1) {
            throw new BadInputException("--" + option + " '" + text + "' is zero: give a size of at least 1 byte.");
        }
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new BadInputException("--" + option + " '" + text + "' is out of range: give at most a few TB.");
        }
        return amount << shift;
    }

    static Boolean bool(String text, String option) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new BadInputException("--" + option + " '" + text + "' is not a yes/no value: give true,"
                    + " false, yes, no, on or off.");
        };
    }

    /** One of an enum's constants, case-insensitive, so {@code --cutover POSTPONE} and {@code postpone} agree. */
    static <E extends Enum<E>> OptionDef.ValueParser<E> oneOf(Class<E> type) {
        String accepted = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "));
        return (text, option) -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text.trim())) {
                    return e;
                }
            }
            throw new BadInputException("--" + option + " '" + text + "' is not a choice: give " + accepted + ".");
        };
    }

    static String nonBlank(String text, String option) {
        if (text.isBlank()) {
            throw new BadInputException("--" + option + " is empty: give a value or leave the option out.");
        }
        return text.trim();
    }

    /** A file that exists and can be read now, so a typo fails before anything starts rather than mid-migration. */
    static Path readableFile(String text, String option) {
        Path path;
        try {
            path = Path.of(nonBlank(text, option));
        } catch (InvalidPathException e) {
            throw new BadInputException("--" + option + " '" + text + "' is not a valid path: give the path of a file.", e);
        }
        if (!Files.exists(path)) {
            throw new BadInputException("--" + option + " '" + path + "' does not exist: check the path.");
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException("--" + option + " '" + path + "' is not a regular file: give the path of a file.");
        }
        if (!Files.isReadable(path)) {
            throw new BadInputException("--" + option + " '" + path + "' is not readable: check its permissions.");
        }
        return path;
    }

    /** A name that needs no quoting anywhere, for objects partshift creates itself (like the state schema). */
    static String plainIdentifier(String text, String option) {
        String name = text.trim();
        if (!PLAIN_IDENTIFIER.matcher(name).matches() || name.length() > Identifiers.MAX_LENGTH) {
            throw new BadInputException("--" + option + " '" + text + "' is not a plain name: use at most 63 lower-case"
                    + " letters, digits and underscores, starting with a letter, e.g. partshift.");
        }
        if (Keywords.isReserved(name)) {
            throw new BadInputException("--" + option + " '" + name + "' is a reserved word in PostgreSQL: pick another"
                    + " name, e.g. partshift.");
        }
        if (name.startsWith("pg_")) {
            throw new BadInputException("--" + option + " '" + name + "' starts with pg_, which PostgreSQL reserves for"
                    + " system schemas: pick another name, e.g. partshift.");
        }
        return name;
    }
}
