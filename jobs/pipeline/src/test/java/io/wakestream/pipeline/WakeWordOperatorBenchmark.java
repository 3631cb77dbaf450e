package io.wakestream.pipeline;

import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.engine.stream.WakeWordStream;
import io.wakestream.schemas.AudioChunk;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The keyed wake-word operator, per 100 ms chunk, in Flink's operator test harness (heap state backend, real
 * timers): {@code devices} devices each sending a 100 ms chunk per round, round after round (processing time
 * advances 100 ms per round, so the latency budget expires between rounds as in real time), with every chunk
 * scored on its own ({@code perChunk}) or batched across devices ({@code batched}, {@link BatchingConfig#defaults()}).
 * {@code engineOnly} is the floor to compare with: the same audio straight through the engine (features, one ONNX
 * call per chunk, detector), without Flink, state, reordering or commands. One operation is one chunk: the score times 10 is the operator's cost per stream per second of audio. The audio is
 * speech-like (harmonics with a moving pitch plus noise), so the model runs on every window but rarely fires.
 *
 * <p>The model comes from {@code -Dwakestream.model=DIR} (default the MFCC model {@code models/jarvis-v23}, or
 * {@code ../../models/jarvis-v23} when run from this module; {@code models/jarvis} is the default openWakeWord head).
 * Run: see the module README.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.time=ALL-UNNAMED"})
@State(Scope.Thread)
public class WakeWordOperatorBenchmark {
    private static final int CHUNK = 1_600; // 100 ms
    private static final int CHUNKS_PER_SECOND = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"1", "64"})
    int devices;

    @Param({"engineOnly", "perChunk", "batched"})
    String scoring;

    private Rig rig;
    private WakeWordEngine engine;
    private WakeWordStream[] streams;
    private ScoringBatch<WakeWordStream> engineBatch;
    /** Per position in the second of audio, its samples (what the engine-only path feeds). */
    private short[][] pcm;
    /** Per device, one reusable chunk per 100 ms of the one second of audio; sequence and capture time set per use. */
    private AudioChunk[][] chunks;
    private boolean engineOnly;
    private long round;
    private int device;
    private long chunksFed;
    /** Thread CPU time of the measurement iterations, and the chunks they fed (see {@link #tearDown()}). */
    private long iterationCpuStart;
    private long iterationChunksStart;
    private long measuredCpuNanos;
    private long measuredChunks;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path model = Path.of(System.getProperty("wakestream.model", "models/jarvis-v23"));
        if (!Files.isDirectory(model) && Files.isDirectory(Path.of("../../models/jarvis-v23"))) model = Path.of("../../models/jarvis-v23");
        BatchingConfig batching = scoring.equals("batched") ? BatchingConfig.defaults() : BatchingConfig.perChunk();
        rig = new Rig(PipelineConfig.defaults(model.toAbsolutePath().toString()), batching);
        engine = new WakeWordEngine(WakeWordModel.load(model.toAbsolutePath()));
        engineBatch = engine.newBatch(8);
        streams = new WakeWordStream[devices];
        short[] second = speechLike(new Random(1));
        pcm = new short[CHUNKS_PER_SECOND][];
        for (int c = 0; c < CHUNKS_PER_SECOND; c++) pcm[c] = Arrays.copyOfRange(second, c * CHUNK, (c + 1) * CHUNK);
        chunks = new AudioChunk[devices][CHUNKS_PER_SECOND];
        for (int d = 0; d < devices; d++) {
            streams[d] = engine.newStream();
            for (int c = 0; c < CHUNKS_PER_SECOND; c++) {
                chunks[d][c] = Signals.chunk("device-" + d, "stream", 0, 0, Signals.RATE, 1, pcm[c]);
            }
        }
        rig.at(1_000);
        engineOnly = scoring.equals("engineOnly");
    }

    /** Harmonics with a moving pitch plus noise, as the engine benchmark uses. */
    private static short[] speechLike(Random r) {
        short[] s = new short[CHUNK * CHUNKS_PER_SECOND];
        for (int i = 0; i < s.length; i++) {
            double t = i / 16_000.0, f0 = 120 + 40 * Math.sin(2 * Math.PI * 3 * t);
            double v = 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.2 * Math.sin(2 * Math.PI * 3 * f0 * t) + 0.05 * r.nextGaussian();
            s[i] = (short) Math.max(-32768, Math.min(32767, v * 32767));
        }
        return s;
    }

    /** One 100 ms chunk of the next device; after the last device of a round, 100 ms of processing time pass. */
    @Benchmark
    public void chunk() throws Exception {
        int position = (int) (round % CHUNKS_PER_SECOND);
        if (engineOnly) {
            WakeWordStream s = streams[device];
            engine.accept(s, s, pcm[position], 0, CHUNK, engineBatch);
            engine.scoreAndDetect(engineBatch, x -> x, null, null);
        } else {
            AudioChunk c = chunks[device][position];
            c.setSequence(round);
            c.setCaptureTimeMs(round * 100);
            rig.process(c);
        }
        chunksFed++;
        if (++device == devices) {
            device = 0;
            round++;
            rig.at(1_000 + round * 100);
            rig.harness.getOutput().clear();
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationCpuStart = THREADS.getCurrentThreadCpuTime();
        iterationChunksStart = chunksFed;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() != IterationType.MEASUREMENT) return;
        measuredCpuNanos += THREADS.getCurrentThreadCpuTime() - iterationCpuStart;
        measuredChunks += chunksFed - iterationChunksStart;
    }

    /**
     * Prints the thread CPU time per chunk of the measurement iterations next to JMH's wall-clock score: on a
     * shared machine the wall clock also counts time the thread waited for a core. ONNX Runtime runs on the calling
     * thread here (one intra-op thread per session), so its work is in this figure.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        double perChunk = measuredCpuNanos / 1e3 / Math.max(1, measuredChunks);
        System.out.printf("%n%d device(s), %s: %.1f us thread CPU per chunk (%.0f us per stream-second of audio), %d chunks",
                devices, scoring, perChunk, perChunk * CHUNKS_PER_SECOND, chunksFed);
        if (!engineOnly) {
            System.out.printf("; %d ONNX calls for %d windows (%.1f windows per call)", rig.operator.onnxCallCount(),
                    rig.operator.windowsScoredCount(),
                    rig.operator.windowsScoredCount() / (double) Math.max(1, rig.operator.onnxCallCount()));
        }
        System.out.println();
        rig.close();
    }
}
