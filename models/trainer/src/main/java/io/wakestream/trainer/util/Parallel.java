package io.wakestream.trainer.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * Work over item indices on a few threads. Each thread gets its own state (for what is not thread-safe: MFCC
 * extractors, feature builders) and takes the next index when it is free, so a slow item holds up no other. The
 * body must make item {@code i}'s result from {@code i} alone (its own seed, its own slot of an output array): then
 * the results do not depend on the thread count or on which thread ran what.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * Calls {@code body(state, i)} for every {@code i} in {@code [0, n)} on up to {@code threads} threads, each with
     * a state from {@code perThread}; returns when all are done. One thread: everything runs on the caller's. The
     * first failure stops the others from starting items and is rethrown.
     */
    public static <S> void forEach(int n, int threads, String name, Supplier<S> perThread, ObjIntConsumer<S> body) {
        int workers = Math.max(1, Math.min(threads, n));
        if (workers == 1) {
            S state = perThread.get();
            for (int i = 0; i < n; i++) body.accept(state, i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    try {
                        S state = perThread.get();
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) body.accept(state, i);
                    } catch (RuntimeException | Error e) {
                        next.set(n); // the other threads finish the item in hand and stop
                        throw e;
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(name + " failed: " + cause, cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + name, e);
        } finally {
            next.set(n);
            pool.shutdownNow();
        }
    }
}
