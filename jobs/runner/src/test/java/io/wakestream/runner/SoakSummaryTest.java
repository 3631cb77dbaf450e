package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's summary from samples (no pipeline): windows, the least-squares trend, the largest RSS, the end state. */
class SoakSummaryTest {
    private static final long MB = 1024 * 1024;

    private static SoakSettings settings(long durationMs) {
        return new SoakSettings(10, durationMs, 60_000, 300_000, 60_000, 30_000, 30, 1000, 1, 1, Path.of("m"), Path.of("v"),
                Path.of("s"));
    }

    private static SoakSample sample(long ms, String phase, double heapMb, long rssMb, double lagSeconds, long expired) {
        MemoryProbe.Reading m = new MemoryProbe.Reading((long) (heapMb * MB), 512 * MB, 0, rssMb * MB, 300 * MB, 90, 100);
        return new SoakSample(ms, phase, m, 10, 40, 30, 3, expired, 1000, new WakeTally.Counts(20, 8, 9, 0, 1, 8), 0, 0,
                lagSeconds, 0, "RUNNING");
    }

    @Test
    void aSteadyClimbIsItsSlopeAndTheWindowsDiffer() {
        // 60 minutes, a sample a minute, heap 100 MB + 30 MB per hour: the fit must find 30 MB/h.
        List<SoakSample> samples = new ArrayList<>();
        for (int m = 1; m <= 60; m++) samples.add(sample(m * 60_000L, SoakSample.RUN, 100 + 0.5 * m, 1000 + m, 0.0, m));
        samples.add(sample(61 * 60_000L + 30_000, SoakSample.AFTER, 95, 900, 0.0, 40));
        SoakSummary s = SoakSummary.of(settings(3_600_000), samples, 1000, 0, false);
        assertEquals(30.0, s.slopeMbPerHour(), 1e-9);
        assertEquals(31, s.slopeSamples(), "minutes 30 to 60");
        assertEquals(5 * 60_000, s.windowMs());
        assertEquals(100 + 0.5 * 3, s.firstHeapMb(), 1e-9, "mean of minutes 1-5");
        assertEquals(100 + 0.5 * 58, s.lastHeapMb(), 1e-9, "mean of minutes 56-60");
        assertEquals(1060, s.maxRssMb(), 1e-9);
        assertEquals(95, s.heapAfterMb(), 1e-9);
        assertEquals(40, s.expired());
        assertEquals(0, s.withStateAtEnd());
        assertTrue(s.keptUp());
    }

    @Test
    void flatHeapHasNoTrendAndAShortRunUsesThirds() {
        List<SoakSample> samples = new ArrayList<>();
        for (int i = 1; i <= 9; i++) samples.add(sample(i * 20_000L, SoakSample.RUN, i % 2 == 0 ? 200 : 210, 1000, 0.1, 0));
        SoakSummary s = SoakSummary.of(settings(180_000), samples, 100, 0, false);
        assertEquals(60_000, s.windowMs(), "a third of 3 minutes");
        assertTrue(Math.abs(s.slopeMbPerHour()) < 100, "alternating around a level: " + s.slopeMbPerHour());
        assertTrue(Double.isNaN(s.heapAfterMb()), "no sample after the devices stopped");
    }

    @Test
    void aJobBehindAtTheEndDidNotKeepUp() {
        List<SoakSample> samples = new ArrayList<>();
        for (int i = 1; i <= 9; i++) samples.add(sample(i * 20_000L, SoakSample.RUN, 200, 1000, i < 6 ? 0 : 3.0, 0));
        SoakSummary s = SoakSummary.of(settings(180_000), samples, 100, 0, false);
        assertFalse(s.keptUp());
        assertEquals(3.0, s.maxLagSeconds(), 1e-9);
    }

    @Test
    void sessionRangesParseAndBadOnesNameTheOption() {
        assertArrayEquals(new long[] {60_000, 300_000}, SoakSettings.parseRangeSeconds("60..300"));
        assertArrayEquals(new long[] {90_000, 90_000}, SoakSettings.parseRangeSeconds("90"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoakSettings.parseRangeSeconds("1-5m"));
        assertTrue(e.getMessage().contains("--session-s"), e.getMessage());
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
                () -> new SoakSettings(10, 600_000, 300_000, 60_000, 60_000, 30_000, 30, 1000, 1, 1, Path.of("m"), Path.of("v"), Path.of("s")));
        assertTrue(reversed.getMessage().contains("--session-s"), reversed.getMessage());
    }
}
