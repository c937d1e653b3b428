package io.partshift.config;

import java.math.BigInteger;

/** The width of a RANGE partition over an integer key, e.g. 1000000 ids per partition. */
public record NumericInterval(BigInteger step) implements PartitionInterval {
    public NumericInterval {
        java.util.Objects.requireNonNull(step, "step");
        if (step.signum() <= 0) {
            throw new BadInputException("a numeric interval must be a positive whole number, not " + step + ".");
        }
    }

    static NumericInterval parse(String text, String option) {
        BigInteger step;
        try {
            step = new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + option + " '" + text + "' is not a whole number: give a positive number"
                    + " of key values per partition, e.g. 1000000.", e);
        }
        if (step.signum() <= 0) {
            throw new BadInputException("--" + option + " '" + text + "' is zero: give a positive number of key values"
                    + " per partition, e.g. 1000000.");
        }
        return new NumericInterval(step);
    }

    @Override
    public String toString() {
        return step.toString();
    }
}
