package io.partshift.pipeline.copy;

import io.partshift.pipeline.copy.KeyClassifier.Placement;
import io.partshift.pipeline.copy.KeyClassifier.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rule on a fake order: case-insensitive, like a linguistic collation (a < B < c), where Java's String order
 * would put B before a. The classifier must follow the order it is given.
 */
class KeyClassifierTest {
    private static final KeyClassifier.Below CASE_INSENSITIVE = (key, bound) ->
            key.get(0).toLowerCase(Locale.ROOT).compareTo(bound.get(0).toLowerCase(Locale.ROOT)) < 0;

    private static List<String> k(String v) {
        return List.of(v);
    }

    /** Stripe 0 [-inf, m): chunks 1-2 copied up to d, chunk 3 [d, g) in flight. Stripe 1 [m, +inf): not started. */
    private static List<StripeState> stripes() {
        StripeState s0 = new StripeState(new ChunkStore.StripeRecord(0, new KeyRange(null, k("m")), 2, k("d"), 40));
        s0.inFlightChunk = 3;
        s0.inFlight = new KeyRange(k("d"), k("g"));
        StripeState s1 = new StripeState(new ChunkStore.StripeRecord(1, new KeyRange(k("m"), null), 0, k("m"), 0));
        return List.of(s0, s1);
    }

    private static Verdict verdict(String key, List<StripeState> stripes) {
        return KeyClassifier.place(k(key), stripes, CASE_INSENSITIVE).verdict();
    }

    @Test
    void copiedKeysApplyInFlightKeysWaitTheRestIsSkipped() {
        List<StripeState> stripes = stripes();
        for (String key : List.of("A", "a", "B", "c", "C")) {
            assertEquals(Verdict.APPLY, verdict(key, stripes), key);
        }
        for (String key : List.of("D", "d", "e", "F")) {
            assertEquals(new Placement(Verdict.WAIT, 0, 3), KeyClassifier.place(k(key), stripes, CASE_INSENSITIVE), key);
        }
        for (String key : List.of("g", "G", "L", "M", "m", "Z")) {
            assertEquals(Verdict.DROP, verdict(key, stripes), key);
        }
    }

    @Test
    void aDoneStripeAppliesEverythingInIt() {
        List<StripeState> stripes = stripes();
        StripeState s1 = stripes.get(1);
        s1.chunksDone = 4;
        s1.watermark = null; // its last chunk was open-ended: the stripe is done
        assertEquals(Verdict.APPLY, verdict("M", stripes));
        assertEquals(Verdict.APPLY, verdict("zzz", stripes));
        assertEquals(Verdict.DROP, verdict("h", stripes), "stripe 0 is not done");
    }

    @Test
    void anOpenEndedChunkInFlightHoldsEverythingAboveItsStart() {
        List<StripeState> stripes = stripes();
        StripeState s1 = stripes.get(1);
        s1.inFlightChunk = 1;
        s1.inFlight = new KeyRange(k("m"), null);
        assertEquals(new Placement(Verdict.WAIT, 1, 1), KeyClassifier.place(k("Zebra"), stripes, CASE_INSENSITIVE));
        assertEquals(new Placement(Verdict.WAIT, 1, 1), KeyClassifier.place(k("M"), stripes, CASE_INSENSITIVE));
    }

    @Test
    void nothingCopiedYetMeansEverythingIsSkipped() {
        StripeState only = new StripeState(new ChunkStore.StripeRecord(0, KeyRange.ALL, 0, null, 0));
        assertEquals(Verdict.DROP, verdict("anything", List.of(only)));
        assertEquals(List.of(), KeyClassifier.bounds(List.of(only)), "no comparison needed at all");
    }

    @Test
    void boundsAreWhatOneRoundTripMustCompare() {
        assertEquals(List.of(k("d"), k("g"), k("m")), KeyClassifier.bounds(stripes()));
    }
}
