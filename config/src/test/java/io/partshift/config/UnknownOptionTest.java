package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Did you mean" suggests only when one option is clearly the intended one. */
class UnknownOptionTest {
    @Test
    void typosGetTheNearestOption() {
        assertEquals(Optional.of("partition-by"), UnknownOption.suggestion("partiton-by"));
        assertEquals(Optional.of("premake"), UnknownOption.suggestion("premkae"));
        assertEquals(Optional.of("retention"), UnknownOption.suggestion("RETENTION"));
        assertEquals(Optional.of("copy-chunk-rows"), UnknownOption.suggestion("copy_chunk_rows"));
    }

    @Test
    void distantOrAmbiguousNamesGetNoSuggestion() {
        assertEquals(Optional.empty(), UnknownOption.suggestion("verbose"));
        assertEquals(Optional.empty(), UnknownOption.suggestion("x"));
    }

    @Test
    void aSwapOfNeighbouringLettersIsOneEdit() {
        assertEquals(1, UnknownOption.distance("tabel", "table"));
        assertEquals(3, UnknownOption.distance("kitten", "sitting"));
        assertEquals(0, UnknownOption.distance("url", "url"));
    }
}
