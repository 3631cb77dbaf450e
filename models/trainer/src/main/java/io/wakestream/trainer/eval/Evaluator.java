package io.wakestream.trainer.eval;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavStream;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.StreamingDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Produces score traces for a model: clips scored whole, long files streamed. */
public final class Evaluator {
    private final WakeWordModel model;
    private long cpuNanos;
    private long audioMs;

    public Evaluator(WakeWordModel model) {
        this.model = model;
    }

    /** Scores one clip held in memory (a positive example, usually). */
    public ScoreTrace trace(String name, PcmAudio audio) {
        Collector c = new Collector();
        long t0 = cpuTime();
        StreamingDetector d = new StreamingDetector(model, model.manifest().detection(), c);
        d.accept(audio.samples(), 0, audio.samples().length);
        d.finish();
        cpuNanos += cpuTime() - t0;
        audioMs += audio.durationMs();
        return c.toTrace(name, audio.durationMs());
    }

    /** Streams a (possibly hours-long) file and scores it. */
    public ScoreTrace trace(Path file) throws IOException {
        Collector c = new Collector();
        long t0 = cpuTime();
        StreamingDetector d = new StreamingDetector(model, model.manifest().detection(), c);
        short[] buf = new short[16_000];
        try (WavStream in = WavReader.open(file)) {
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) d.accept(buf, 0, n);
        }
        long ms = d.samplesSeen() * 1000 / PcmAudio.ENGINE_SAMPLE_RATE;
        d.finish();
        cpuNanos += cpuTime() - t0;
        audioMs += ms;
        return c.toTrace(file.toString(), ms);
    }

    /**
     * Scores a continuous stream produced on the fly (never held whole): {@code producer} pushes chunks into the
     * consumer it is given and returns the milliseconds of audio it produced.
     */
    public ScoreTrace traceStream(String name, java.util.function.ToLongFunction<java.util.function.Consumer<short[]>> producer) {
        Collector c = new Collector();
        StreamingDetector d = new StreamingDetector(model, model.manifest().detection(), c);
        long[] cpu = {0};
        long ms = producer.applyAsLong(chunk -> {
            long t0 = cpuTime();
            d.accept(chunk, 0, chunk.length);
            cpu[0] += cpuTime() - t0;
        });
        long t0 = cpuTime();
        d.finish();
        cpuNanos += cpu[0] + cpuTime() - t0;
        audioMs += ms;
        return c.toTrace(name, ms);
    }

    /** CPU milliseconds this thread spent per second of audio scored so far (features + scoring + detection). */
    public double cpuMsPerAudioSecond() {
        return audioMs == 0 ? Double.NaN : (cpuNanos / 1e6) / (audioMs / 1000.0);
    }

    public DetectionConfig detection() {
        return model.manifest().detection();
    }

    private static long cpuTime() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static final class Collector implements StreamingDetector.ScoreListener {
        private long[] frames = new long[256];
        private float[] scores = new float[256];
        private int n;

        @Override
        public void onScore(long frameIndex, float score) {
            if (n == frames.length) {
                frames = java.util.Arrays.copyOf(frames, n * 2);
                scores = java.util.Arrays.copyOf(scores, n * 2);
            }
            frames[n] = frameIndex;
            scores[n++] = score;
        }

        ScoreTrace toTrace(String name, long ms) {
            return new ScoreTrace(name, java.util.Arrays.copyOf(frames, n), java.util.Arrays.copyOf(scores, n), ms);
        }
    }

    /** All WAV files under the given files or folders, sorted, for repeatable runs. */
    public static List<Path> wavFiles(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            if (java.nio.file.Files.isDirectory(r)) {
                try (var s = java.nio.file.Files.walk(r)) {
                    s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")).sorted().forEach(out::add);
                }
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
