package io.wakestream.trainer.nn;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine offline, from the jars on the classpath.
 *
 * <p>What makes it work without a network (verified with DJL 0.36.0 / PyTorch 2.7.1):
 *
 * <ul>
 *   <li>{@code ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64} on the classpath carries
 *       {@code native/lib/pytorch.properties} plus libtorch/libc10/libgomp. DJL's {@code
 *       Platform.detectPlatform("pytorch")} finds that properties file ("Found matching platform
 *       from: jar:...") and {@code LibUtils} extracts the libraries to its cache dir instead of
 *       downloading them. Without that jar DJL would try to download libtorch.
 *   <li>{@code ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0} carries {@code
 *       jnilib/linux-x86_64/cpu/libdjl_torch.so}; its version must match the engine (0.36.0) and
 *       the native lib (2.7.1) or {@code LibUtils} would try to download a matching JNI lib.
 *   <li>The cache is {@code ~/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64} (about 450 MB once
 *       extracted). Override with env/system property {@code DJL_CACHE_DIR} (or {@code
 *       ENGINE_CACHE_DIR} for engines only) when the home directory is small or read-only.
 *   <li>{@code ai.djl.offline=true} makes any remaining download attempt fail fast instead of
 *       hanging on the absent network.
 * </ul>
 *
 * <p>Thread counts are read once, when the engine first loads, from {@code
 * ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads}; they are set here
 * (unless the user already set them) so training uses at most two intra-op threads – the machines
 * have two cores that other work shares. Call {@link #engine()} before any other DJL use.
 */
public final class DjlRuntime {

    /** Engine name understood by {@link Engine#getEngine(String)}. */
    public static final String ENGINE = "PyTorch";

    /** Upper bound on PyTorch intra-op threads. */
    public static final int MAX_INTRA_OP_THREADS = 2;

    private DjlRuntime() {}

    /**
     * Configures DJL for offline CPU use (only properties not already set) and returns the PyTorch
     * engine, loading it on first call.
     *
     * @return the PyTorch engine
     */
    public static synchronized Engine engine() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", ENGINE);
        int threads = Math.max(1, Math.min(MAX_INTRA_OP_THREADS, Runtime.getRuntime().availableProcessors()));
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        // The graph executor optimizer only concerns TorchScript models; we run eager blocks.
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        return Engine.getEngine(ENGINE);
    }

    /**
     * Seeds PyTorch's global generator (parameter initialisation, dropout).
     *
     * @param seed the seed
     */
    public static void seed(long seed) {
        // DJL takes an int; fold the high bits in so distinct longs rarely collide.
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
