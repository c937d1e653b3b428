package io.partshift.partitioning.shadow;

import java.util.Objects;

/**
 * What cutover must do for a column whose values come from a sequence, so the new table keeps numbering where the
 * old one stopped.
 *
 * @param sourceSequence the source's sequence, schema-qualified as {@code pg_get_serial_sequence} spells it
 */
public record SequenceHandover(String column, String sourceSequence, Kind kind) {
    public enum Kind {
        /**
         * An identity column: the shadow has a sequence of its own, untouched by the copy (which writes explicit
         * values), so cutover must set it past the source's sequence.
         */
        OWN_IDENTITY,
        /**
         * A serial-style default: the shadow's default calls the source's sequence, which the source column owns, so
         * cutover must make the new table's column its owner before the old table can ever be dropped.
         */
        SHARED_SEQUENCE
    }

    public SequenceHandover {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(sourceSequence, "sourceSequence");
        Objects.requireNonNull(kind, "kind");
    }
}
