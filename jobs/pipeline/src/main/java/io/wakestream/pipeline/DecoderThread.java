package io.wakestream.pipeline;

import io.wakestream.pipeline.transcribe.SpeechTranscriber;
import io.wakestream.pipeline.transcribe.TranscriptionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a transcription subtask runs Vosk, in the order its work was handed over, so that a slow
 * decode holds up nothing but the decodes behind it (not the task thread, and through it not the wake-word operator).
 * Keeps each element's task until it has run, so a timed-out element's task can be cancelled.
 */
final class DecoderThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecoderThread.class);
    private final ExecutorService executor;
    private final String name;
    private final Map<ResultFuture<?>, Future<?>> pending = new ConcurrentHashMap<>();

    /** Named like the task's own thread (chain, subtask, attempt), so CPU meters can tell whose work it is. */
    DecoderThread(TaskInfo task) {
        this("Vosk decoder for " + task.getTaskName() + " (" + (task.getIndexOfThisSubtask() + 1) + "/"
                + task.getNumberOfParallelSubtasks() + ")#" + task.getAttemptNumber());
    }

    DecoderThread(String name) {
        this.name = name;
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    String name() {
        return name;
    }

    /** Runs {@code work} for the element of {@code result} after everything handed over before it. */
    void submit(ResultFuture<?> result, Runnable work) {
        // Registered before it can run (under the element's lock), so the task removes its own entry.
        synchronized (result) {
            pending.put(result, executor.submit(() -> {
                try {
                    work.run();
                } finally {
                    synchronized (result) {
                        pending.remove(result);
                    }
                }
            }));
        }
    }

    /**
     * Warms a recogniser of {@code transcriber}'s pool before anything handed over later is decoded (see
     * {@link SpeechTranscriber#warmUp}); a failure is logged and changes nothing else (the first commands then decode
     * on a cold recogniser, as they would have).
     */
    void warmUp(SpeechTranscriber transcriber) {
        executor.execute(() -> {
            try {
                long ms = transcriber.warmUp();
                if (ms > 0) LOG.info("{}: warmed a Vosk recogniser on the bundled speech in {} ms", name, ms);
            } catch (TranscriptionException | RuntimeException e) {
                LOG.warn("{}: could not warm a Vosk recogniser (the first commands decode on a cold one): {}", name, e.toString());
            }
        });
    }

    /** Cancels the element's work if it has not started (a started one runs to its end, unheard). */
    void cancel(ResultFuture<?> result) {
        Future<?> task;
        synchronized (result) {
            task = pending.remove(result);
        }
        if (task != null) task.cancel(false);
    }

    /** Elements handed over and not yet done. */
    int pending() {
        return pending.size();
    }

    /** Waits until everything handed over so far has run (tests). */
    void awaitIdle() throws InterruptedException, ExecutionException {
        executor.submit(() -> {}).get();
    }

    /**
     * Stops: work not yet started is dropped; work running (native Vosk code cannot be interrupted) is given up to
     * {@code waitMs} to end. Returns whether the thread has ended.
     */
    boolean shutdown(long waitMs) throws InterruptedException {
        executor.shutdownNow();
        return executor.awaitTermination(waitMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(0);
    }
}
