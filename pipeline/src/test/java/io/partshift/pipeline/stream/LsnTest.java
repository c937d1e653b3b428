package io.partshift.pipeline.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LsnTest {

    @Test
    void roundTrips() {
        assertEquals(0x16B3748L, Lsn.parse("0/16B3748"));
        assertEquals("0/16B3748", Lsn.format(0x16B3748L));
        assertEquals((0x16L << 32) | 0xB374D848L, Lsn.parse("16/B374D848"));
        assertEquals("16/B374D848", Lsn.format(Lsn.parse("16/b374d848")));
        assertEquals("FFFFFFFF/FFFFFFFF", Lsn.format(-1L));
        assertEquals("0/0", Lsn.format(0));
    }

    @Test
    void rejectsNonsense() {
        for (String bad : new String[] {"", "0", "/1", "1/", "x/1", "123456789/1", null}) {
            assertThrows(IllegalArgumentException.class, () -> Lsn.parse(bad), String.valueOf(bad));
        }
    }
}
