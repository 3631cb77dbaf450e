package io.wakestream.bench;

import io.wakestream.engine.vad.SileroVad;
import io.wakestream.engine.vad.SileroVadState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Silero VAD's cost alone ({@code sileroVadPerStreamSecond}): one second of audio (16,000 samples, 31.25 frames
 * of 512) through {@link SileroVad#accept} in 100 ms chunks, one stream, microseconds per stream-second. The pipeline
 * runs it only while a command is open. The audio is speech-like (harmonics with a moving pitch plus noise); the
 * model's cost does not depend on what it hears.
 *
 * <p>The model comes from {@code -Dwakestream.silero.model=FILE} (default
 * {@code models/openwakeword/silero_vad/silero_vad.onnx}, which {@code ./wakestream models fetch openwakeword} lays
 * out). {@link #main} is a thread-CPU probe of the same path, for a machine shared with other work, where wall clock
 * is inflated: {@code java -cp ... io.wakestream.bench.SileroVadBenchmark [seconds] [runs]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class SileroVadBenchmark {
    private static final int RATE = 16_000;
    private static final int CHUNK = 1_600;

    private SileroVad vad;
    private SileroVadState state;
    private short[] second;
    private float last;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        vad = SileroVad.load(modelFile());
        state = vad.newState();
        second = speechLike(RATE, 1);
    }

    static Path modelFile() {
        return Path.of(System.getProperty("wakestream.silero.model", "models/openwakeword/silero_vad/silero_vad.onnx"));
    }

    @Benchmark
    public float sileroVadPerStreamSecond() {
        for (int pos = 0; pos < second.length; pos += CHUNK) vad.accept(state, second, pos, CHUNK, p -> {
            last = p;
            return false;
        });
        return last;
    }

    /** Harmonics of a pitch moving 100-250 Hz, plus noise, at about -20 dBFS. */
    static short[] speechLike(int samples, long seed) {
        Random r = new Random(seed);
        short[] pcm = new short[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double f0 = 175 + 75 * Math.sin(2 * Math.PI * 3 * i / RATE);
            phase += 2 * Math.PI * f0 / RATE;
            double v = 0;
            for (int h = 1; h <= 8; h++) v += Math.sin(h * phase) / h;
            pcm[i] = (short) Math.round(1500 * v + r.nextGaussian() * 200);
        }
        return pcm;
    }

    /** Thread CPU per stream-second: best and median of {@code runs} runs of {@code seconds} of audio each. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SileroVadBenchmark b = new SileroVadBenchmark();
        b.setUp();
        for (int i = 0; i < 20; i++) b.sileroVadPerStreamSecond(); // warm-up: JIT, ONNX Runtime's first calls
        double[] msPerSecond = new double[runs];
        for (int run = 0; run < runs; run++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int s = 0; s < seconds; s++) b.sileroVadPerStreamSecond();
            msPerSecond[run] = (threads.getCurrentThreadCpuTime() - t0) / 1e6 / seconds;
        }
        java.util.Arrays.sort(msPerSecond);
        System.out.printf("Silero VAD, thread CPU per stream-second over %d runs of %d s: best %.2f ms, median %.2f ms, worst %.2f ms%n",
                runs, seconds, msPerSecond[0], msPerSecond[runs / 2], msPerSecond[runs - 1]);
    }
}
