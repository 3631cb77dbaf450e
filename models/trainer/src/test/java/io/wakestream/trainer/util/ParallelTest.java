package io.wakestream.trainer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyIndexOnceEachThreadWithItsOwnState() {
        for (int threads : new int[] {1, 3}) {
            AtomicIntegerArray calls = new AtomicIntegerArray(1000);
            Set<Object> states = ConcurrentHashMap.newKeySet();
            Set<Thread> threadsSeen = ConcurrentHashMap.newKeySet();
            Parallel.forEach(1000, threads, "test", Object::new, (state, i) -> {
                calls.incrementAndGet(i);
                states.add(state);
                threadsSeen.add(Thread.currentThread());
            });
            for (int i = 0; i < 1000; i++) assertEquals(1, calls.get(i), "index " + i);
            assertTrue(states.size() <= threads && threadsSeen.size() <= threads);
            assertEquals(states.size(), threadsSeen.size(), "one state per thread");
        }
        Parallel.forEach(0, 3, "nothing", Object::new, (state, i) -> {
            throw new AssertionError("no items");
        });
    }

    @Test
    void aFailureStopsTheWorkAndIsRethrown() {
        AtomicInteger started = new AtomicInteger();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(100_000, 2, "test",
                Object::new, (state, i) -> {
                    started.incrementAndGet();
                    if (i == 10) throw new IllegalArgumentException("item 10");
                    if (i > 10) LockSupport.parkNanos(100_000); // so that the items cannot all be done before item 10 fails
                }));
        assertEquals("item 10", e.getMessage());
        assertTrue(started.get() < 100_000, "the other thread stopped early");
    }
}
