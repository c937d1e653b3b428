package io.partshift.pipeline.verify;

import io.partshift.config.TableRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a verification found. Equal when no range still differs; then the shadow held the snapshot's rows (after the
 * repairs listed, if any).
 *
 * @param sourceRows     rows compared: the snapshot's rows in the source
 * @param shadowRows     the shadow's rows at the first comparison, before any repair
 * @param chunks         key ranges compared
 * @param differed       ranges that differed at the first comparison
 * @param repaired       of those, the ones a re-copy made equal
 * @param stillDiffering ranges that differ after their repair (or without one, when none was asked for), with the
 *                       counts of the last comparison and why the repair failed, if it did
 */
public record VerificationReport(TableRef source, TableRef shadow, long sourceRows, long shadowRows, long chunks,
                                 List<RangeDiff> differed, List<RangeDiff> repaired, List<RangeDiff> stillDiffering,
                                 Duration elapsed) {
    /** At most this many ranges are listed one per line; the rest are counted. */
    static final int LISTED = 20;

    public VerificationReport {
        differed = List.copyOf(differed);
        repaired = List.copyOf(repaired);
        stillDiffering = List.copyOf(stillDiffering);
    }

    public boolean equal() {
        return stillDiffering.isEmpty();
    }

    /**
     * Log lines: a summary, then a line per range that still differs and per range that was repaired. E.g.
     * {@code verified public.events against public.events_partshift: 1000000 rows in 100 chunks, equal after
     * repairing 1 of 1 differing ranges, in 5.2 s}.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String verdict;
        if (differed.isEmpty()) {
            verdict = "equal";
        } else if (equal()) {
            verdict = "equal after repairing " + repaired.size() + " differing range" + plural(repaired.size());
        } else {
            verdict = "NOT EQUAL: " + stillDiffering.size() + " range" + plural(stillDiffering.size())
                    + " still differ" + (stillDiffering.size() == 1 ? "s" : "") + " (" + differed.size()
                    + " differed, " + repaired.size() + " repaired), so no cutover";
        }
        lines.add("verified " + source + " against " + shadow + ": " + sourceRows + " source rows and " + shadowRows
                + " shadow rows in " + chunks + " chunk" + plural(chunks) + ", " + verdict + ", in "
                + String.format("%.1f s", elapsed.toMillis() / 1000.0));
        list(lines, stillDiffering, "still differs: ", "ranges that still differ");
        list(lines, repaired, "differed, repaired: ", "repaired ranges");
        return lines;
    }

    private static void list(List<String> lines, List<RangeDiff> ranges, String prefix, String more) {
        ranges.stream().limit(LISTED).forEach(r -> lines.add(prefix + r));
        if (ranges.size() > LISTED) {
            lines.add("... and " + (ranges.size() - LISTED) + " more " + more);
        }
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
