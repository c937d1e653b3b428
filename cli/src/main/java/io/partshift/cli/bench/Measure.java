package io.partshift.cli.bench;

import java.util.Objects;

/**
 * One row of the bench table: what was measured, the value, the goal it is held against, and whether it met it.
 *
 * @param goal "-" when the row is informational
 */
record Measure(String label, String value, String goal, Verdict verdict) {
    /** Whether a measured value met its goal. */
    enum Verdict {
        MET("met"), MISSED("missed"), NONE("-"), NOT_AVAILABLE("n/a");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    Measure {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** A value without a goal. */
    static Measure info(String label, String value) {
        return new Measure(label, value, "-", Verdict.NONE);
    }

    static Measure against(String label, String value, String goal, boolean met) {
        return new Measure(label, value, goal, met ? Verdict.MET : Verdict.MISSED);
    }

    /** A measurement this run could not take well: the reason stands where the number would be. */
    static Measure notAvailable(String label, String reason, String goal) {
        return new Measure(label, "n/a: " + reason, goal, goal.equals("-") ? Verdict.NONE : Verdict.NOT_AVAILABLE);
    }
}
