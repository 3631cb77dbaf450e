package io.wakestream.bench;

import io.wakestream.engine.features.FrameSink;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.engine.features.MfccStreamState;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.model.WakeWordScorer;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.engine.stream.WakeWordStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's hot path, each benchmark normalised so its score reads directly as a cost:
 * <ul>
 *   <li>{@code mfccPerAudioSecond}: microseconds of CPU to turn one second of audio into MFCC frames;</li>
 *   <li>{@code scoreWindows}: microseconds per ONNX call for a batch of {@code batch} windows;</li>
 *   <li>{@code enginePerStreamSecond}: MFCC + windows + batched scoring + detection for {@code streams}
 *       streams, one second of audio each, reported per stream-second.</li>
 * </ul>
 * The model comes from {@code -Dwakestream.model=DIR} (default {@code models/jarvis-v23}, the MFCC model; the
 * default model, {@code models/jarvis}, is a head over openWakeWord's embeddings: {@code OpenWakeWordBenchmark}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class EngineBenchmark {

    @State(Scope.Thread)
    public static class Audio {
        short[] second = new short[16_000];
        MfccExtractor extractor;
        MfccStreamState state;
        WakeWordModel model;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Random r = new Random(1);
            // Speech-like test signal: a few harmonics with a moving pitch, plus noise.
            for (int i = 0; i < second.length; i++) {
                double t = i / 16_000.0, f0 = 120 + 40 * Math.sin(2 * Math.PI * 3 * t);
                double v = 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.2 * Math.sin(2 * Math.PI * 3 * f0 * t) + 0.05 * r.nextGaussian();
                second[i] = (short) Math.max(-32768, Math.min(32767, v * 32767));
            }
            model = WakeWordModel.load(Path.of(System.getProperty("wakestream.model", "models/jarvis-v23")));
            extractor = new MfccExtractor(model.manifest().features());
            state = extractor.newState();
        }
    }

    @Benchmark
    public void mfccPerAudioSecond(Audio a, Blackhole bh) {
        FrameSink sink = (i, c, e) -> bh.consume(c[0]);
        a.extractor.accept(a.state, a.second, 0, a.second.length, sink);
    }

    @State(Scope.Thread)
    public static class Windows {
        @Param({"1", "32"})
        int batch;
        float[] windows;
        float[] scores;
        WakeWordScorer scorer;

        @Setup(Level.Trial)
        public void setUp(Audio a) {
            scorer = a.model.scorer();
            windows = new float[batch * scorer.windowSize()];
            Random r = new Random(2);
            for (int i = 0; i < windows.length; i++) windows[i] = (float) r.nextGaussian();
            scores = new float[batch];
        }
    }

    @Benchmark
    public float scoreWindows(Windows w) {
        w.scorer.score(w.windows, w.batch, w.scores);
        return w.scores[0];
    }

    /** Streams fed in rounds of 100 ms chunks per device, as capture agents send audio; scored after each round. */
    abstract static class Streams {
        WakeWordEngine engine;
        WakeWordStream[] state;
        ScoringBatch<Integer> batch;

        void init(Audio a, int streams) {
            engine = new WakeWordEngine(a.model);
            state = new WakeWordStream[streams];
            for (int i = 0; i < streams; i++) state[i] = engine.newStream();
            batch = engine.newBatch(streams * 4);
        }

        void oneSecondEach(short[] audio, Blackhole bh) {
            for (int chunk = 0; chunk < 10; chunk++) {
                for (int i = 0; i < state.length; i++) engine.accept(state[i], i, audio, chunk * 1600, 1600, batch);
                engine.scoreAndDetect(batch, i -> state[i], (i, d) -> bh.consume(d), null);
            }
        }
    }

    @State(Scope.Thread)
    public static class OneStream extends Streams {
        @Setup(Level.Trial)
        public void setUp(Audio a) {
            init(a, 1);
        }
    }

    @State(Scope.Thread)
    public static class SixtyFourStreams extends Streams {
        @Setup(Level.Trial)
        public void setUp(Audio a) {
            init(a, 64);
        }
    }

    /** Whole wake-word path, one stream: microseconds per second of audio. */
    @Benchmark
    public void enginePerStreamSecond1(Audio a, OneStream s, Blackhole bh) {
        s.oneSecondEach(a.second, bh);
    }

    /** Whole wake-word path, 64 streams batched together: microseconds per stream-second. */
    @Benchmark
    @OperationsPerInvocation(64)
    public void enginePerStreamSecond64(Audio a, SixtyFourStreams s, Blackhole bh) {
        s.oneSecondEach(a.second, bh);
    }
}
