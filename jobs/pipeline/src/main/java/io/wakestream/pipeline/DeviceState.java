package io.wakestream.pipeline;

import io.wakestream.engine.stream.WakeWordStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@link WakeWordOperator} keeps for one device, in one keyed {@code ValueState}, written by
 * {@link DeviceStateSerializer}. Mutable: the operator changes it in place and writes it back.
 *
 * <h2>Timelines</h2>
 * The engine's {@link WakeWordStream} counts samples from the start of the current <em>segment</em>: the stream
 * start, or the first chunk after a gap (the engine state is reset at a gap so no window joins audio from both
 * sides). {@link #segmentOffsetSamples} places that segment in the stream's timeline (samples since its first
 * sample), estimated across a gap from the agent's capture clock.
 */
public final class DeviceState {
    /** Value of a timer field when no timer is registered. */
    static final long NO_TIMER = Long.MIN_VALUE;
    /** Value of {@link #captureBaseMs} before any chunk of the stream was processed. */
    static final long UNKNOWN = Long.MIN_VALUE;
    /** Stream ids remembered as ended, so late chunks of an old stream cannot restart it. */
    static final int ENDED_STREAMS_KEPT = 4;

    /** Current stream, or null before the first chunk. */
    String streamId;
    /** Recently ended streams of this device, newest last. */
    final List<String> endedStreams;
    ReorderBuffer reorder;
    WakeWordStream engine;
    /** Stream-timeline sample at which the engine's current segment starts. */
    long segmentOffsetSamples;
    /** captureTimeMs minus stream-timeline ms, learned from the first processed chunk; {@link #UNKNOWN} before. */
    long captureBaseMs;
    /** Open command segment, or null. */
    CommandCollector command;
    long lastActivityMs;
    long gapTimerAt;
    long idleTimerAt;

    DeviceState(String streamId, List<String> endedStreams, ReorderBuffer reorder, WakeWordStream engine,
            long segmentOffsetSamples, long captureBaseMs, CommandCollector command, long lastActivityMs,
            long gapTimerAt, long idleTimerAt) {
        this.streamId = streamId;
        this.endedStreams = new ArrayList<>(endedStreams);
        this.reorder = reorder;
        this.engine = engine;
        this.segmentOffsetSamples = segmentOffsetSamples;
        this.captureBaseMs = captureBaseMs;
        this.command = command;
        this.lastActivityMs = lastActivityMs;
        this.gapTimerAt = gapTimerAt;
        this.idleTimerAt = idleTimerAt;
    }

    /** A device never seen before. */
    static DeviceState fresh(WakeWordStream engine) {
        return new DeviceState(null, List.of(), new ReorderBuffer(), engine, 0, UNKNOWN, null, 0, NO_TIMER, NO_TIMER);
    }

    /** Stream-timeline sample just after the last audio fed to the engine. */
    long endSamples() {
        return segmentOffsetSamples + engine.samplesSeen();
    }

    void rememberEnded(String id) {
        endedStreams.remove(id);
        endedStreams.add(id);
        while (endedStreams.size() > ENDED_STREAMS_KEPT) endedStreams.remove(0);
    }
}
