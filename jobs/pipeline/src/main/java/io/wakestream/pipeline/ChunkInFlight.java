package io.wakestream.pipeline;

import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.stream.WakeWordStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk that went through the feature stage and whose due windows wait in the operator's shared scoring batch:
 * what its device needs to finish it (detector results, wake events, command audio) once the windows are scored.
 * A device can have several in flight, all holding its one state object; they are finished in their order.
 */
final class ChunkInFlight {
    final String device;
    /** The device's state object, finished and written back to Flink state after the scores. */
    final DeviceState state;
    /** The engine stream whose detector takes the scores. */
    final WakeWordStream stream;
    /** The chunk's 16 kHz samples (the command collector needs them after the detections are known). */
    final short[] pcm;
    /** Samples the engine's current segment had seen before this chunk. */
    final long samplesBefore;
    /** Processing time at which the chunk was processed; becomes the wake events' detectedAtMs. */
    final long processingTimeMs;
    /** Whether the input record had a timestamp, and which: the events this chunk produces carry it. */
    boolean hasRecordTimestamp;
    long recordTimestamp;
    /** Filled while the batch is scored, in window order. */
    final List<Detection> detections = new ArrayList<>(1);

    ChunkInFlight(String device, DeviceState state, short[] pcm, long processingTimeMs) {
        this.device = device;
        this.state = state;
        this.stream = state.engine;
        this.pcm = pcm;
        this.samplesBefore = state.engine.samplesSeen();
        this.processingTimeMs = processingTimeMs;
    }

    WakeWordStream stream() {
        return stream;
    }
}
