package io.partshift.pipeline.verify;

import io.partshift.pipeline.copy.KeyRange;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A primary-key range where source and shadow differ.
 *
 * @param range       the range, printable, e.g. {@code id in [1000, 2000)} or {@code (a, b) in [(1, 'x'), +inf)}
 * @param bounds      the range as the verifier and the repair use it
 * @param sourceRows  rows the snapshot holds in the range
 * @param shadowRows  rows the shadow holds in the range
 * @param problem     why a repair did not make it equal, when one was tried and failed
 */
public record RangeDiff(String range, KeyRange bounds, long sourceRows, long shadowRows, Optional<String> problem) {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    public RangeDiff {
        problem = problem == null ? Optional.empty() : problem;
    }

    RangeDiff withProblem(String why) {
        return new RangeDiff(range, bounds, sourceRows, shadowRows, Optional.of(why));
    }

    /** e.g. {@code id in [1000, 2000): source 1000 rows, shadow 999 rows} or {@code ... same count, other contents}. */
    @Override
    public String toString() {
        return range + ": source " + sourceRows + " rows, shadow " + shadowRows + " rows"
                + (sourceRows == shadowRows ? " (same count, different contents)" : "")
                + problem.map(p -> "; " + p).orElse("");
    }

    /** {@code id in [1000, 2000)}: half-open, as the verifier compares; an unbounded side is -inf or +inf. */
    static String render(List<String> keyColumns, KeyRange range) {
        String columns = keyColumns.size() == 1 ? keyColumns.get(0) : "(" + String.join(", ", keyColumns) + ")";
        String lower = range.lower() == null ? "(-inf" : "[" + key(range.lower());
        String upper = range.upper() == null ? "+inf)" : key(range.upper()) + ")";
        return columns + " in " + lower + ", " + upper;
    }

    private static String key(List<String> values) {
        String text = values.stream().map(v -> NUMBER.matcher(v).matches() ? v : "'" + v.replace("'", "''") + "'")
                .collect(Collectors.joining(", "));
        return values.size() == 1 ? text : "(" + text + ")";
    }
}
