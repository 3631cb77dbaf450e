package io.wakestream.pipeline.kafka;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting for a condition by polling, with a generous limit that only guards against hanging forever. */
final class Conditions {
    private Conditions() {}

    static void await(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting after " + limit + ": " + what);
            Thread.sleep(100);
        }
    }
}
