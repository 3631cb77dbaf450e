package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steady span of a drain, read off the lag samples: pure arithmetic on made-up samples. */
class BacklogResultTest {
    private static final long S = 1_000_000_000L;

    /** CPU so far: {@code jobCores} cores of the job since time 0, the broker idle. */
    private static ThreadCpuMeter.Snapshot cpu(long nanos, double jobCores) {
        long job = (long) (nanos * jobCores);
        return new ThreadCpuMeter.Snapshot(nanos, Map.of(ThreadCpuMeter.Part.FLINK_TASKS, job),
                Map.of("wake-word", job), job, 0, 0, 0);
    }

    @Test
    void spanIsBetweenNinetyAndTenPercentLeft() {
        // 10,000 chunks of 100 ms; nothing fetched for 3 s (start-up), then 500 chunks a second, 1.5 cores.
        List<BacklogRun.Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 6; i++) samples.add(new BacklogRun.Sample(i * S / 2, -1, cpu(i * S / 2, 0.5)));
        for (int t = 4; t <= 23; t++) {
            long left = Math.max(0, 10_000 - 500L * (t - 3));
            samples.add(new BacklogRun.Sample(t * S, left, cpu(t * S, 1.5)));
        }
        BacklogResult.Span span = BacklogResult.span(samples, 10_000, 100);
        // First at most 9,000 left: t = 5 (9,000); last at least 1,000 left: t = 21 (1,000).
        assertEquals(16, span.seconds(), 1e-9);
        assertEquals(8_000 * 0.1, span.audioSeconds(), 1e-9);
        assertEquals(50, span.streams(), 1e-9); // 500 chunks of 100 ms a second
        assertEquals(1.5, span.jobCores(), 1e-6);
        assertEquals(30, span.cpuMsPerAudioSecond(), 1e-6); // 1.5 cores / 50 streams
        assertEquals(30, span.byThreadGroup().get("wake-word"), 1e-6);
    }

    @Test
    void aDrainTooShortHasNoSpan() {
        List<BacklogRun.Sample> samples = List.of(new BacklogRun.Sample(0, -1, cpu(0, 1)),
                new BacklogRun.Sample(S / 2, 9_500, cpu(S / 2, 1)), new BacklogRun.Sample(S, 0, cpu(S, 1)));
        assertNull(BacklogResult.span(samples, 10_000, 100), "no sample between 90% and 10% left");
        assertNull(BacklogResult.span(List.of(), 10_000, 100));
    }
}
