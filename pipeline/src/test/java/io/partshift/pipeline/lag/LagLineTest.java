package io.partshift.pipeline.lag;

import io.partshift.config.LogFormat;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LagLineTest {
    private final LagReport report = new LagReport("COPYING", 250_000, 1_000_000, 180_000.4, 5_200.6, 12_345,
            65_536, OptionalLong.of(120), 1_048_576, "lag above --max-lag", OptionalLong.of(4), false);

    @Test
    void logfmtQuotesValuesWithSpaces() {
        assertEquals("phase=copying copied=250000 total=1000000 pct=25.0 copy_rows_s=180000 applied_s=5201"
                + " applied=12345 lag_bytes=65536 lag_ms=120 wal_retained_bytes=1048576"
                + " throttle=\"lag above --max-lag\" eta_s=4 converged=false", LagLine.format(report, LogFormat.LOGFMT));
    }

    @Test
    void jsonHasNumbersAsNumbersAndUnknownsAsNull() {
        LagReport early = new LagReport("PREPARED", 0, 0, 0, 0, 0, 0, OptionalLong.empty(), 0, "none",
                OptionalLong.empty(), false);
        assertEquals("{\"phase\":\"prepared\",\"copied\":0,\"total\":0,\"pct\":0.0,\"copy_rows_s\":0,\"applied_s\":0,"
                + "\"applied\":0,\"lag_bytes\":0,\"lag_ms\":null,\"wal_retained_bytes\":0,\"throttle\":\"none\","
                + "\"eta_s\":null,\"converged\":false}", LagLine.format(early, LogFormat.JSON));
    }

    @Test
    void percentIsCappedWhenTheEstimateWasLow() {
        LagReport over = new LagReport("COPYING", 120, 100, 0, 0, 0, 0, OptionalLong.empty(), 0, "none",
                OptionalLong.empty(), false);
        assertEquals(100.0, over.percentCopied());
    }
}
