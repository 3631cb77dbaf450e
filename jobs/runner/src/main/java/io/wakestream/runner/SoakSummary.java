package io.wakestream.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a soak run comes to, from its samples: heap after GC early against late, its trend over the second half,
 * the largest resident sets, the devices' turnover and expiry, wake phrases planted and detected, whether the job
 * kept up.
 *
 * @param settings what ran
 * @param windowMs the length of the early and late windows (5 minutes, or a third of a shorter run)
 * @param firstHeapMb mean heap after GC over the first window (run samples)
 * @param lastHeapMb mean heap after GC over the last window (run samples)
 * @param slopeMbPerHour least-squares slope of heap after GC over the run samples of the second half; NaN under 3
 * @param slopeSamples samples in that fit
 * @param maxRssMb largest resident set of this JVM; NaN if unknown
 * @param maxBrokerRssMb largest resident set of the broker JVM; NaN if unknown
 * @param heapAfterMb heap after GC once every device had gone silent and expired (the last sample); NaN if none
 * @param devicesSeen distinct device ids
 * @param expired devices whose state the job cleared, at the last sample (-1 unknown)
 * @param withStateAtEnd devices still with state at the last sample (-1 unknown)
 * @param last the last sample's counts
 * @param maxLagSeconds largest source lag (seconds of audio per device) over the run samples
 * @param keptUp the job's source was at most {@link BenchResult.Lag#BEHIND_SECONDS} behind, on average over the
 *     last third of the run
 * @param chunks chunks the agents captured; {@code chunksLost} of them were not acknowledged by Kafka
 * @param jobFailed the job failed or restarted
 */
record SoakSummary(SoakSettings settings, long windowMs, double firstHeapMb, double lastHeapMb, double slopeMbPerHour,
        int slopeSamples, double maxRssMb, double maxBrokerRssMb, double heapAfterMb, long devicesSeen, long expired,
        long withStateAtEnd, SoakSample last, double maxLagSeconds, boolean keptUp, long chunks, long chunksLost,
        boolean jobFailed) {
    static final long WINDOW_MS = 5 * 60_000;

    static SoakSummary of(SoakSettings settings, List<SoakSample> samples, long chunks, long chunksLost, boolean jobFailed) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples");
        List<SoakSample> run = samples.stream().filter(s -> s.phase().equals(SoakSample.RUN)).toList();
        long end = run.isEmpty() ? settings.durationMs() : run.get(run.size() - 1).elapsedMs();
        long window = Math.min(WINDOW_MS, Math.max(1, end / 3));
        double first = mean(run.stream().filter(s -> s.elapsedMs() <= window).toList());
        double lastMean = mean(run.stream().filter(s -> s.elapsedMs() > end - window).toList());
        List<double[]> half = new ArrayList<>();
        for (SoakSample s : run) {
            if (s.elapsedMs() >= end / 2) half.add(new double[] {s.elapsedMs() / 3_600_000.0, SoakSample.mb(s.memory().heapAfterGcBytes())});
        }
        double slope = half.size() < 3 ? Double.NaN : slope(half);
        double maxRss = samples.stream().mapToLong(s -> s.memory().rssBytes()).filter(v -> v >= 0).max().stream()
                .mapToDouble(SoakSample::mb).findFirst().orElse(Double.NaN);
        double maxBroker = samples.stream().mapToLong(s -> s.memory().brokerRssBytes()).filter(v -> v >= 0).max().stream()
                .mapToDouble(SoakSample::mb).findFirst().orElse(Double.NaN);
        SoakSample last = samples.get(samples.size() - 1);
        double after = last.phase().equals(SoakSample.AFTER) ? SoakSample.mb(last.memory().heapAfterGcBytes()) : Double.NaN;
        double maxLag = run.stream().mapToDouble(SoakSample::sourceLagSeconds).max().orElse(0);
        List<SoakSample> lastThird = run.stream().filter(s -> s.elapsedMs() >= end * 2 / 3).toList();
        double endLag = lastThird.stream().mapToDouble(SoakSample::sourceLagSeconds).average().orElse(0);
        return new SoakSummary(settings, window, first, lastMean, slope, half.size(), maxRss, maxBroker, after,
                last.devicesSeen(), last.expiredDevices(), last.devicesWithState(), last, maxLag,
                endLag <= BenchResult.Lag.BEHIND_SECONDS, chunks, chunksLost, jobFailed);
    }

    private static double mean(List<SoakSample> samples) {
        return samples.stream().mapToDouble(s -> SoakSample.mb(s.memory().heapAfterGcBytes())).average().orElse(Double.NaN);
    }

    /** Least-squares slope of y on x; points are {x, y}. */
    static double slope(List<double[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0, sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    List<String> human() {
        List<String> out = new ArrayList<>();
        String w = SoakSettings.minutes(windowMs);
        out.add(String.format(Locale.ROOT, "heap after GC: %.1f MB (mean of the first %s) -> %.1f MB (mean of the last %s), %+.1f MB",
                firstHeapMb, w, lastHeapMb, w, lastHeapMb - firstHeapMb));
        out.add(Double.isNaN(slopeMbPerHour) ? "heap trend over the second half: too few samples for a fit"
                : String.format(Locale.ROOT, "heap trend over the second half: %+.1f MB per hour (least squares, %d samples)",
                        slopeMbPerHour, slopeSamples));
        if (!Double.isNaN(heapAfterMb)) {
            out.add(String.format(Locale.ROOT, "heap after GC once every device had gone silent and expired: %.1f MB", heapAfterMb));
        }
        out.add(String.format(Locale.ROOT, "largest resident set: this JVM (job, devices, readers) %s MB, Kafka broker %s MB",
                Double.isNaN(maxRssMb) ? "unknown" : String.format(Locale.ROOT, "%.0f", maxRssMb),
                Double.isNaN(maxBrokerRssMb) ? "unknown" : String.format(Locale.ROOT, "%.0f", maxBrokerRssMb)));
        out.add(String.format(Locale.ROOT, "devices: %d distinct ids, %d live at a time; the job expired %s, %s still with state at the end",
                devicesSeen, settings.devices(), expired < 0 ? "?" : String.valueOf(expired),
                withStateAtEnd < 0 ? "?" : String.valueOf(withStateAtEnd)));
        WakeTally.Counts c = last.wakes();
        out.add(String.format(Locale.ROOT, "wake phrases: %d planted, %d detected (%.1f%%), %d false accepts, %d duplicates;"
                        + " %d transcripts; %d dead letters", c.planted(), c.detected(),
                c.planted() == 0 ? 0.0 : 100.0 * c.detected() / c.planted(), c.falseAccepts(), c.duplicates(),
                c.transcripts(), last.deadLetters()));
        out.add(String.format(Locale.ROOT, "kept up with real time: %s (largest source lag %.2f s of audio per device)",
                keptUp ? "yes" : "NO", maxLagSeconds));
        out.add(String.format(Locale.ROOT, "audio: %d chunks captured, %d not acknowledged by Kafka", chunks, chunksLost));
        out.add("job: " + (jobFailed ? "FAILED (" + last.jobStatus() + ", " + last.restarts() + " restarts)"
                : last.jobStatus() + ", no restarts"));
        return out;
    }

    static void writeCsv(Path csv, List<SoakSample> samples) throws IOException {
        if (csv.toAbsolutePath().getParent() != null) Files.createDirectories(csv.toAbsolutePath().getParent());
        StringBuilder b = new StringBuilder(SoakSample.csvHeader()).append('\n');
        for (SoakSample s : samples) b.append(s.csvRow()).append('\n');
        Files.writeString(csv, b);
    }
}
