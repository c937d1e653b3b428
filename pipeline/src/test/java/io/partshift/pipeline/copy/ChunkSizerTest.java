package io.partshift.pipeline.copy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChunkSizerTest {
    private static final Duration TARGET = Duration.ofMillis(500);

    @Test
    void startsAtTheConfiguredRows() {
        assertEquals(10_000, new ChunkSizer(10_000, TARGET).next());
    }

    @Test
    void growsTowardsTheTargetAtMostTwofoldPerChunk() {
        ChunkSizer sizer = new ChunkSizer(10_000, TARGET);
        sizer.record(10_000, Duration.ofMillis(50)); // 200k rows/s: the target wants 100k rows
        assertEquals(20_000, sizer.next());
        sizer.record(20_000, Duration.ofMillis(100));
        assertEquals(40_000, sizer.next());
        sizer.record(40_000, Duration.ofMillis(200));
        sizer.record(80_000, Duration.ofMillis(400));
        assertEquals(100_000, sizer.next(), "settles where a chunk takes the target");
        sizer.record(100_000, Duration.ofMillis(500));
        assertEquals(100_000, sizer.next());
    }

    @Test
    void shrinksAtMostFourfoldPerChunk() {
        ChunkSizer sizer = new ChunkSizer(10_000, TARGET);
        sizer.record(10_000, Duration.ofSeconds(50));
        assertEquals(2_500, sizer.next());
        sizer.record(2_500, Duration.ofMillis(1_000));
        assertEquals(1_250, sizer.next());
    }

    @Test
    void staysWithinSaneBounds() {
        ChunkSizer fast = new ChunkSizer(800_000, TARGET);
        fast.record(800_000, Duration.ofMillis(1));
        assertEquals(ChunkSizer.MAX_ROWS, fast.next());
        ChunkSizer slow = new ChunkSizer(20, TARGET);
        for (int i = 0; i < 5; i++) {
            slow.record(slow.next(), Duration.ofMinutes(1));
        }
        assertEquals(ChunkSizer.MIN_ROWS, slow.next());
    }

    @Test
    void ignoresChunksThatSayNothingAboutTheRate() {
        ChunkSizer sizer = new ChunkSizer(10_000, TARGET);
        sizer.record(12, Duration.ofMillis(1)); // the short end of a stripe
        sizer.record(10_000, Duration.ZERO);
        assertEquals(10_000, sizer.next());
    }

    @Test
    void fixedNeverChanges() {
        ChunkSizer sizer = ChunkSizer.fixed(7);
        sizer.record(7, Duration.ofNanos(1));
        sizer.record(7, Duration.ofHours(1));
        assertEquals(7, sizer.next());
    }
}
