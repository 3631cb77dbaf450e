package io.wakestream.agent;

import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The capture side: reads the next chunk of every device in turn, encodes it and buffers it for the sender.
 *
 * <p>Pacing. In real time a chunk is buffered only once the wall clock has reached the end of its audio, which
 * is when a microphone would have delivered it; so a file plays like a live device and {@code --devices N}
 * files play like N devices, all on one clock (they share one anchor). A live source is paced by its hardware
 * and never waits here. With {@code --fast} nothing waits, and the buffer blocks the loop when full instead of
 * dropping (a file can wait; a microphone cannot).
 */
final class CaptureLoop {
    /** Waits until an epoch millisecond; {@link Thread#sleep} in the agent, a no-op or a recorder in tests. */
    interface Sleeper {
        void sleepUntil(long epochMs) throws InterruptedException;
    }

    private final List<DeviceStream> devices;
    private final AvroCodec<AudioChunk> codec;
    private final boolean realtime;
    private final Sleeper sleeper;
    private final Runnable chunkBuffered;
    private volatile boolean stopped;

    /**
     * @param realtime pace to the wall clock and drop the oldest chunks on overflow; else as fast as the
     *     buffer takes them
     * @param chunkBuffered called after each round of chunks is buffered (wakes the sender)
     */
    CaptureLoop(List<DeviceStream> devices, AvroCodec<AudioChunk> codec, boolean realtime, Sleeper sleeper,
            Runnable chunkBuffered) {
        this.devices = List.copyOf(devices);
        this.codec = codec;
        this.realtime = realtime;
        this.sleeper = sleeper;
        this.chunkBuffered = chunkBuffered;
    }

    static Sleeper wallClock(LongSupplier clockMs) {
        return until -> {
            long wait = until - clockMs.getAsLong();
            if (wait > 0) Thread.sleep(wait);
        };
    }

    /** Stops after the current round (a blocked read or put ends with the thread's interruption). */
    void stop() {
        stopped = true;
    }

    /** Runs until every source has ended or {@link #stop()}. */
    void run() throws IOException, InterruptedException {
        List<DeviceStream> active = new ArrayList<>(devices);
        List<DeviceStream> round = new ArrayList<>();
        List<PendingChunk> chunks = new ArrayList<>();
        while (!active.isEmpty() && !stopped) {
            round.clear();
            chunks.clear();
            long due = Long.MIN_VALUE;
            for (var it = active.iterator(); it.hasNext(); ) {
                DeviceStream d = it.next();
                AudioChunk chunk = d.chunker.next();
                if (chunk == null) {
                    d.captureDone = true;
                    it.remove();
                    continue;
                }
                round.add(d);
                chunks.add(new PendingChunk(chunk.getSequence(), Chunker.durationMicros(chunk), codec.encode(chunk)));
                due = Math.max(due, d.chunker.endOfAudioMs());
            }
            if (round.isEmpty()) break;
            if (realtime) sleeper.sleepUntil(due);
            for (int i = 0; i < round.size(); i++) {
                DeviceStream d = round.get(i);
                PendingChunk c = chunks.get(i);
                if (realtime || d.source.live()) d.buffer.offer(c);
                else d.buffer.put(c);
                d.captured.incrementAndGet();
                d.capturedMicros.addAndGet(c.durationMicros());
            }
            chunkBuffered.run();
        }
    }
}
