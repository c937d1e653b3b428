package io.partshift.pipeline.copy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule of docs/design.md for one key, given the stripes' state: in a copied chunk apply, in the chunk being
 * copied wait for it, in a chunk not started skip. Pure: the key order comes in as {@link Below}, so the same rule
 * runs on Java's comparison, on comparisons PostgreSQL made in one round trip, and on a fake order in tests.
 */
final class KeyClassifier {
    enum Verdict {
        APPLY, WAIT, DROP
    }

    /** For {@link Verdict#WAIT}: the stripe and chunk to wait for. */
    record Placement(Verdict verdict, int stripe, long chunk) {
        static final Placement APPLY = new Placement(Verdict.APPLY, -1, 0);
        static final Placement DROP = new Placement(Verdict.DROP, -1, 0);
    }

    /** Whether {@code key < bound} in PostgreSQL's order of the primary key. */
    @FunctionalInterface
    interface Below {
        boolean test(List<String> key, List<String> bound);
    }

    private KeyClassifier() {
    }

    /** @param stripes in key order, stripe 0 unbounded below; not empty */
    static Placement place(List<String> key, List<StripeState> stripes, Below below) {
        StripeState s = stripeOf(key, stripes, below);
        if (s.done()) {
            return Placement.APPLY;
        }
        if (s.chunksDone > 0 && below.test(key, s.watermark)) {
            return Placement.APPLY;
        }
        // Here key >= watermark, which is where the in-flight chunk starts.
        if (s.inFlightChunk > 0 && (s.inFlight.upper() == null || below.test(key, s.inFlight.upper()))) {
            return new Placement(Verdict.WAIT, s.stripe, s.inFlightChunk);
        }
        return Placement.DROP;
    }

    private static StripeState stripeOf(List<String> key, List<StripeState> stripes, Below below) {
        for (int i = stripes.size() - 1; i >= 0; i--) {
            StripeState s = stripes.get(i);
            if (s.range.lower() == null || !below.test(key, s.range.lower())) {
                return s;
            }
        }
        throw new IllegalStateException("key " + KeyRange.text(key) + " is below the first stripe "
                + stripes.get(0).range + ", which should start below every key");
    }

    /** Every bound {@link #place} may compare a key with, without repeats: what one SQL round trip must cover. */
    static List<List<String>> bounds(List<StripeState> stripes) {
        Set<List<String>> bounds = new LinkedHashSet<>();
        for (StripeState s : stripes) {
            if (s.range.lower() != null) {
                bounds.add(s.range.lower());
            }
            if (!s.done() && s.chunksDone > 0) {
                bounds.add(s.watermark);
            }
            if (s.inFlightChunk > 0 && s.inFlight.upper() != null) {
                bounds.add(s.inFlight.upper());
            }
        }
        return new ArrayList<>(bounds);
    }
}
