package io.wakestream.bench;

import static io.wakestream.engine.model.OpenWakeWordConfig.CONTEXT_SAMPLES;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_FRAMES_PER_STEP;
import static io.wakestream.engine.model.OpenWakeWordConfig.STEP_SAMPLES;

import io.wakestream.engine.model.IncrementalEmbedding;
import io.wakestream.engine.model.OpenWakeWordModels;
import io.wakestream.engine.model.WakeWordModel;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The openWakeWord frontend's cost, whole and in parts, each normalised so its score reads directly as a cost:
 * <ul>
 *   <li>{@code owwEnginePerStreamSecond1} / {@code 32}: audio in 100 ms chunks through {@link WakeWordEngine}
 *       (melspectrogram model per 80 ms step, embedding model batched over the round's steps, head, detector) for 1
 *       or 32 streams, microseconds per stream-second (12.5 steps);</li>
 *   <li>{@code owwMelspectrogramPerStep}: the melspectrogram model on one step (1760 samples -> 8 mel frames);
 *       {@code owwMelspectrogramBatchedPerStep}: the same per step for 32 steps (calls of up to 4 steps);</li>
 *   <li>{@code owwEmbeddingPerWindow}: the embedding model (76 x 32 mel frames -> 96 values), microseconds per
 *       window when given {@code batch} windows per call (the engine cuts batches into calls of at most 16);</li>
 *   <li>{@code owwIncrementalEmbeddingPerStep}: the incremental embedding model (only the rows a step adds to each
 *       layer; the engine's path for every step but a stream's first), per stream-step, {@code streams} per call;</li>
 *   <li>{@code owwHeadPerWindow}: the wake-word head on one window of embeddings; {@code owwHeadBatchedPerWindow}:
 *       per window of 16 in one call.</li>
 * </ul>
 * The model comes from {@code -Dwakestream.oww.model=DIR} (default {@code models/openwakeword/hey_jarvis}, which
 * {@code ./wakestream models fetch openwakeword} lays out). One second of audio is 12.5 steps, so a per-step or
 * per-window figure times 12.5 is its share of a stream-second.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class OpenWakeWordBenchmark {
    /** Windows per benchmark invocation of the embedding model: the batch sizes measured must divide it. */
    static final int EMBEDDING_WINDOWS = 64;

    @State(Scope.Benchmark)
    public static class Model {
        short[] second = new short[16_000];
        WakeWordModel model;
        OpenWakeWordModels oww;
        /** The mel frames of {@link #second}, scaled as the embedding model takes them. */
        float[] mel;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Random r = new Random(1);
            // The same speech-like signal as EngineBenchmark: a few harmonics with a moving pitch, plus noise.
            for (int i = 0; i < second.length; i++) {
                double t = i / 16_000.0, f0 = 120 + 40 * Math.sin(2 * Math.PI * 3 * t);
                double v = 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.2 * Math.sin(2 * Math.PI * 3 * f0 * t) + 0.05 * r.nextGaussian();
                second[i] = (short) Math.max(-32768, Math.min(32767, v * 32767));
            }
            model = WakeWordModel.load(Path.of(System.getProperty("wakestream.oww.model", "models/openwakeword/hey_jarvis")));
            oww = model.openWakeWord();
            if (oww == null) throw new IllegalArgumentException(model.dir() + " is not an openWakeWord model");
            float[] audio = new float[second.length];
            for (int i = 0; i < audio.length; i++) audio[i] = second[i];
            mel = oww.melspectrogram(audio, 0, audio.length);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
        }
    }

    @State(Scope.Thread)
    public static class Step {
        /** One step's input (480 samples of context + 1280), as 16-bit sample values. */
        float[] audio = new float[CONTEXT_SAMPLES + STEP_SAMPLES];
        float[] mel = new float[MEL_FRAMES_PER_STEP * MEL_BANDS];
        /** Reused native buffers, as an engine's frontend keeps them. */
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();

        @Setup(Level.Trial)
        public void setUp(Model m) {
            for (int i = 0; i < audio.length; i++) audio[i] = m.second[4000 + i];
        }
    }

    @Benchmark
    public float owwMelspectrogramPerStep(Model m, Step s) {
        m.oww.melspectrogram(s.audio, 0, s.audio.length, s.buffers, s.mel, 0);
        return s.mel[0];
    }

    @State(Scope.Thread)
    public static class Steps {
        /** 32 steps' input (480 samples of context + 1280 each), back to back. */
        float[] audio = new float[32 * (CONTEXT_SAMPLES + STEP_SAMPLES)];
        int[] from = new int[32];
        float[] mel = new float[32 * MEL_FRAMES_PER_STEP * MEL_BANDS];
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();

        @Setup(Level.Trial)
        public void setUp(Model m) {
            int size = CONTEXT_SAMPLES + STEP_SAMPLES;
            for (int i = 0; i < 32; i++) {
                from[i] = i * size;
                for (int k = 0; k < size; k++) audio[from[i] + k] = m.second[(i * STEP_SAMPLES + k) % m.second.length];
            }
        }
    }

    /** The melspectrogram of 32 steps as a batch of 32 streams' steps gets it (calls of up to 4 steps), per step. */
    @Benchmark
    @OperationsPerInvocation(32)
    public float owwMelspectrogramBatchedPerStep(Model m, Steps s) {
        m.oww.melspectrogramSteps(s.audio, s.from, 32, s.buffers, s.mel);
        return s.mel[0];
    }

    @State(Scope.Thread)
    public static class EmbeddingWindows {
        @Param({"1", "16", "32"})
        int batch;
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        float[] embeddings;
        /** The calls' inputs: EMBEDDING_WINDOWS / batch arrays of batch windows each. */
        float[][] calls;

        @Setup(Level.Trial)
        public void setUp(Model m) {
            if (EMBEDDING_WINDOWS % batch != 0) throw new IllegalArgumentException("batch must divide " + EMBEDDING_WINDOWS);
            int size = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
            int frames = m.mel.length / MEL_BANDS;
            float[] windows = new float[EMBEDDING_WINDOWS * size];
            // Windows of the signal's mel frames, starting 8 frames apart as in a stream (wrapping around).
            for (int w = 0; w < EMBEDDING_WINDOWS; w++) {
                for (int f = 0; f < EMBEDDING_WINDOW_FRAMES; f++) {
                    int src = (w * MEL_FRAMES_PER_STEP + f) % frames;
                    System.arraycopy(m.mel, src * MEL_BANDS, windows, w * size + f * MEL_BANDS, MEL_BANDS);
                }
            }
            embeddings = new float[batch * EMBEDDING_SIZE];
            calls = new float[EMBEDDING_WINDOWS / batch][];
            for (int c = 0; c < calls.length; c++) calls[c] = java.util.Arrays.copyOfRange(windows, c * batch * size, (c + 1) * batch * size);
        }
    }

    /** Microseconds per window, {@code batch} windows per call of the embedding model. */
    @Benchmark
    @OperationsPerInvocation(EMBEDDING_WINDOWS)
    public void owwEmbeddingPerWindow(Model m, EmbeddingWindows w, Blackhole bh) {
        for (float[] call : w.calls) {
            m.oww.embed(call, w.batch, w.buffers, w.embeddings);
            bh.consume(w.embeddings[0]);
        }
    }

    @State(Scope.Thread)
    public static class IncrementalSteps {
        /** Streams per call: 1 or 32 (32 stream-steps per benchmark invocation either way). */
        @Param({"1", "32"})
        int streams;
        IncrementalEmbedding inc;
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        float[] tails;
        float[] histories;
        float[] embeddings;

        @Setup(Level.Trial)
        public void setUp(Model m) {
            inc = m.oww.incremental();
            if (inc == null) throw new IllegalStateException("the incremental embedding model is not in use for " + m.model.dir());
            int size = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
            int frames = m.mel.length / MEL_BANDS;
            float[] windows = new float[streams * size];
            for (int w = 0; w < streams; w++) {
                for (int f = 0; f < EMBEDDING_WINDOW_FRAMES; f++) {
                    System.arraycopy(m.mel, ((w * MEL_FRAMES_PER_STEP + f) % frames) * MEL_BANDS, windows, w * size + f * MEL_BANDS, MEL_BANDS);
                }
            }
            histories = new float[streams * inc.historySize()];
            embeddings = new float[streams * EMBEDDING_SIZE];
            inc.prime(windows, streams, buffers, embeddings, histories);
            // Each stream's next 10 frames: its window's last 10 (the values do not change the cost).
            int tail = IncrementalEmbedding.TAIL_FRAMES * MEL_BANDS;
            tails = new float[streams * tail];
            for (int w = 0; w < streams; w++) System.arraycopy(windows, (w + 1) * size - tail, tails, w * tail, tail);
        }
    }

    /**
     * Microseconds per stream-step of the incremental embedding model (what the engine runs on every step but a
     * stream's first), {@code streams} streams per call.
     */
    @Benchmark
    @OperationsPerInvocation(32)
    public void owwIncrementalEmbeddingPerStep(IncrementalSteps s, Blackhole bh) {
        for (int done = 0; done < 32; done += s.streams) {
            s.inc.step(s.tails, s.histories, s.streams, s.buffers, s.embeddings);
            bh.consume(s.embeddings[0]);
        }
    }

    @State(Scope.Thread)
    public static class HeadWindow {
        float[] window;
        float[] score = new float[1];
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();

        float[] windows16;
        float[] scores16 = new float[16];

        @Setup(Level.Trial)
        public void setUp(Model m) {
            window = m.oww.warmUpEmbeddings();
            windows16 = new float[16 * window.length];
            for (int i = 0; i < 16; i++) System.arraycopy(window, 0, windows16, i * window.length, window.length);
        }
    }

    /** The head on 16 windows in one call (batched where the head allows it), per window. */
    @Benchmark
    @OperationsPerInvocation(16)
    public float owwHeadBatchedPerWindow(Model m, HeadWindow h) {
        m.oww.score(h.windows16, 16, h.scores16, h.buffers);
        return h.scores16[0];
    }

    @Benchmark
    public float owwHeadPerWindow(Model m, HeadWindow h) {
        m.oww.score(h.window, 1, h.score, h.buffers);
        return h.score[0];
    }

    /** Streams fed in rounds of 100 ms chunks per device, as capture agents send audio; scored after each round. */
    abstract static class Streams {
        WakeWordEngine engine;
        WakeWordStream[] state;
        ScoringBatch<Integer> batch;

        void init(Model m, int streams) {
            engine = new WakeWordEngine(m.model);
            state = new WakeWordStream[streams];
            for (int i = 0; i < streams; i++) state[i] = engine.newStream();
            batch = engine.newBatch(streams * 2);
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
        public void setUp(Model m) {
            init(m, 1);
        }
    }

    @State(Scope.Thread)
    public static class ThirtyTwoStreams extends Streams {
        @Setup(Level.Trial)
        public void setUp(Model m) {
            init(m, 32);
        }
    }

    /** The whole openWakeWord path, one stream: microseconds per second of audio. */
    @Benchmark
    public void owwEnginePerStreamSecond1(Model m, OneStream s, Blackhole bh) {
        s.oneSecondEach(m.second, bh);
    }

    /** The whole openWakeWord path, 32 streams batched together: microseconds per stream-second. */
    @Benchmark
    @OperationsPerInvocation(32)
    public void owwEnginePerStreamSecond32(Model m, ThirtyTwoStreams s, Blackhole bh) {
        s.oneSecondEach(m.second, bh);
    }
}
