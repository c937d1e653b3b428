package io.partshift.config;

/**
 * The width of one RANGE partition: a calendar interval for date and timestamp keys, or a number for integer keys.
 */
public sealed interface PartitionInterval permits TimeInterval, NumericInterval {
    /**
     * Parses {@code 1 day}, {@code 7 days}, {@code 1 week}, {@code 1 month}, {@code 3 months}, {@code 1 year}
     * (a {@link TimeInterval}) or a positive whole number such as {@code 1000000} (a {@link NumericInterval}).
     */
    static PartitionInterval parse(String text, String option) {
        String t = text == null ? "" : text.trim();
        if (t.matches("\\d+")) {
            return NumericInterval.parse(t, option);
        }
        return TimeInterval.parse(t, option);
    }
}
