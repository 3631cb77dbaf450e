package io.wakestream.trainer.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.function.Supplier;

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
 * <p>Threads. PyTorch reads {@code ai.djl.pytorch.num_threads} and {@code
 * ai.djl.pytorch.num_interop_threads} once, when the engine first loads; they are set here unless
 * the user already set them. The default is two intra-op threads (never more: the machines have
 * two cores shared with other work) <b>only if</b> OpenMP waits passively; otherwise one. Reason,
 * measured on the shared 2-core machine: libtorch's bundled libgomp busy-waits by default, and
 * with the cores oversubscribed two threads fell to 65-250 training windows/s while one thread
 * kept 2000-3400. So before libtorch is loaded we put {@code OMP_WAIT_POLICY=PASSIVE} into the
 * process environment through libc's {@code setenv} (libgomp reads it when it is loaded); an
 * explicit {@code OMP_WAIT_POLICY} in the environment is kept as is. Call {@link #engine()}
 * before any other DJL use.
 */
public final class DjlRuntime {

    /** Engine name understood by {@link Engine#getEngine(String)}. */
    public static final String ENGINE = "PyTorch";

    /** Upper bound on PyTorch intra-op threads. */
    public static final int MAX_INTRA_OP_THREADS = 2;

    private static boolean configured;

    private DjlRuntime() {}

    /**
     * Configures DJL for offline CPU use (only properties not already set) and returns the PyTorch
     * engine, loading it on first call.
     *
     * @return the PyTorch engine
     */
    public static synchronized Engine engine() {
        if (configured) {
            return Engine.getEngine(ENGINE);
        }
        configured = true;
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", ENGINE);
        int threads = passiveOpenMpWait()
                ? Math.max(1, Math.min(MAX_INTRA_OP_THREADS, Runtime.getRuntime().availableProcessors()))
                : 1;
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

    /** libc, for {@code setenv}; Java cannot change its own process environment otherwise. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Makes OpenMP threads sleep instead of spin while waiting, unless the user chose a policy.
     *
     * @return true if the wait policy in effect is passive
     */
    private static boolean passiveOpenMpWait() {
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy != null) {
            return policy.equalsIgnoreCase("passive");
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            return libc.setenv("OMP_WAIT_POLICY", "PASSIVE", 0) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false; // not glibc/JNA: stay on one thread, which never busy-waits on itself
        }
    }

    private static void setIfAbsent(String key, String value) {
        // PtEngine reads these with Integer.getInteger / Boolean.getBoolean: system properties only.
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Runs {@code task} with libtorch's autograd off on this thread, then restores it. The switch is per thread and on
     * in every new thread (DJL turns it off only on the thread that loads the engine): inference on a worker thread
     * would otherwise record a graph it never uses, and in-place copies into parameters that require gradients
     * would be refused.
     */
    static <T> T withoutGradients(Supplier<T> task) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return task.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
