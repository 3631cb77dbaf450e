package io.wakestream.agent;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's stream inside the agent: its source and chunker (capture side), its buffer (between the two
 * threads), and what the sender has in flight for it plus delivery counters (Kafka side). A real device runs
 * one; {@code --devices N} runs N side by side.
 */
final class DeviceStream {
    final DeviceId device;
    final byte[] key;
    final AudioSource source;
    final Chunker chunker;
    final ChunkBuffer buffer;

    /** Chunks handed to the producer and not yet acknowledged or failed. */
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong captured = new AtomicLong();
    final AtomicLong capturedMicros = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong ackedMicros = new AtomicLong();
    final AtomicLong requeued = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Set once the source has ended and its last chunk is in the buffer. */
    volatile boolean captureDone;

    DeviceStream(DeviceId device, AudioSource source, Chunker chunker, ChunkBuffer buffer) {
        this.device = device;
        this.key = device.keyBytes();
        this.source = source;
        this.chunker = chunker;
        this.buffer = buffer;
    }

    /** Nothing left to send: the source has ended, the buffer is empty and nothing is in flight. */
    boolean delivered() {
        return captureDone && buffer.isEmpty() && inFlight.get() == 0;
    }

    /** Chunks captured but neither acknowledged, dropped nor failed: lost if the agent stops now. */
    long undelivered() {
        return captured.get() - acked.get() - buffer.totalDrops().chunks() - failed.get();
    }
}
