package io.wakestream.pipeline;

import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.WakeEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The keyed (by device id) wake-word operator: puts each device's chunks back in order, feeds them to the
 * wake-word engine, emits a {@link WakeDetected} per detection and then the following command audio as a
 * {@link CommandSegment}.
 *
 * <ul>
 *   <li><b>Order:</b> a {@link ReorderBuffer} per device; duplicates are dropped; when it is full, or a held chunk
 *       waited {@link PipelineConfig#gapTimeoutMs()} (processing-time timer), the missing chunks are given up as a
 *       gap: the engine state is reset (no window ever joins audio from both sides of a gap), an open command is
 *       closed, and nothing is emitted for the missing audio.
 *   <li><b>Streams:</b> a new streamId (agent restart) ends the old stream (its held chunks are processed past their
 *       gaps, its command closed) and starts a fresh one. Late chunks of a recently ended stream are dropped.
 *   <li><b>Bad chunks</b> go to the side output {@link #REJECTED}, never an exception.
 *   <li><b>Idle devices:</b> after {@link PipelineConfig#idleTimeoutMs()} without a chunk all state is cleared; an
 *       open command is emitted if it has speech.
 * </ul>
 *
 * <p><b>Scoring is per element</b> (the windows one chunk makes due are scored in one ONNX call). Batching across
 * the devices of a subtask is a TODO: Flink gives access to a key's state only while processing that key, so it
 * needs a custom operator that keeps due windows and the affected keys, then re-enters each key (via
 * {@code setCurrentKey}) to run its detector after the shared call.
 *
 * <p>Event ids are deterministic (device, stream and stream-timeline time of the detection), so a replay after a
 * failure emits the same ids.
 */
public class WakeWordFunction extends KeyedProcessFunction<String, AudioChunk, PipelineEvent> {
    private static final long serialVersionUID = 1L;
    /** Chunks that cannot be processed. */
    public static final OutputTag<RejectedChunk> REJECTED = new OutputTag<>("rejected-chunks") {};
    private static final int RATE = ChunkAudio.TARGET_RATE;

    private final PipelineConfig config;

    private transient ValueState<DeviceState> state;
    private transient WakeWordEngine engine;
    private transient ModelManifest manifest;
    private transient ScoringBatch<Object> batch;
    private transient Counter rejected;
    private transient Counter duplicates;
    private transient Counter staleStreamChunks;
    private transient Counter gaps;
    private transient Counter discardedCommands;
    private transient Counter expiredDevices;

    public WakeWordFunction(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        // JVM-wide shared session: every subtask in this task manager uses the same loaded model. A missing or
        // corrupt folder fails here with the engine's ModelLoadException message.
        WakeWordModel model = WakeWordModel.load(Path.of(config.modelDir()));
        manifest = model.manifest();
        if (manifest.features().sampleRate() != RATE) {
            throw new IllegalStateException(config.modelDir() + ": model expects " + manifest.features().sampleRate()
                    + " Hz features; the pipeline feeds " + RATE + " Hz");
        }
        engine = new WakeWordEngine(model);
        batch = engine.newBatch(8);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("device", DeviceStateSerializer.INSTANCE));
        var metrics = getRuntimeContext().getMetricGroup();
        rejected = metrics.counter("rejectedChunks");
        duplicates = metrics.counter("duplicateChunks");
        staleStreamChunks = metrics.counter("staleStreamChunks");
        gaps = metrics.counter("gaps");
        discardedCommands = metrics.counter("discardedCommands");
        expiredDevices = metrics.counter("expiredDevices");
    }

    @Override
    public void processElement(AudioChunk chunk, Context ctx, Collector<PipelineEvent> out) throws Exception {
        String device = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        String problem = ChunkAudio.problem(chunk, config.maxChunkMs());
        if (problem != null) {
            rejected.inc();
            ctx.output(REJECTED, new RejectedChunk(device, String.valueOf(chunk.getStreamId()), chunk.getSequence(), problem, now));
            return;
        }
        DeviceState s = state.value();
        if (s == null) s = DeviceState.fresh(engine.newStream());
        s.lastActivityMs = now;
        String streamId = chunk.getStreamId().toString();
        if (!streamId.equals(s.streamId)) {
            if (s.endedStreams.contains(streamId)) {
                // A late chunk of a stream the agent already replaced; starting it again would cut the new one.
                staleStreamChunks.inc();
                state.update(s);
                return;
            }
            if (s.streamId != null) endStream(s, device, now, out);
            startStream(s, streamId);
        }
        PendingChunk pending = new PendingChunk(chunk.getSequence(), chunk.getCaptureTimeMs(), now, ChunkAudio.toMono16k(chunk));
        if (s.reorder.offer(pending) == ReorderBuffer.Offer.DUPLICATE) {
            duplicates.inc();
        } else {
            drain(s, device, now, out);
            while (s.reorder.size() >= config.reorderCapacity()) {
                declareGap(s, device, now, out);
                drain(s, device, now, out);
            }
        }
        scheduleTimers(s, ctx.timerService());
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PipelineEvent> out) throws Exception {
        DeviceState s = state.value();
        if (s == null) return;
        String device = ctx.getCurrentKey();
        if (timestamp == s.gapTimerAt) s.gapTimerAt = DeviceState.NO_TIMER;
        if (timestamp == s.idleTimerAt) s.idleTimerAt = DeviceState.NO_TIMER;
        if (timestamp >= s.lastActivityMs + config.idleTimeoutMs()) {
            endStream(s, device, timestamp, out);
            expiredDevices.inc();
            // Timers still registered for this key find no state and do nothing.
            state.clear();
            return;
        }
        while (!s.reorder.isEmpty() && timestamp >= s.reorder.oldestArrivalMs() + config.gapTimeoutMs()) {
            declareGap(s, device, timestamp, out);
            drain(s, device, timestamp, out);
        }
        scheduleTimers(s, ctx.timerService());
        state.update(s);
    }

    /** One gap timer (for the chunk waiting longest) and one idle timer at a time, so timers do not pile up. */
    private void scheduleTimers(DeviceState s, TimerService timers) {
        if (!s.reorder.isEmpty() && s.gapTimerAt == DeviceState.NO_TIMER) {
            s.gapTimerAt = s.reorder.oldestArrivalMs() + config.gapTimeoutMs();
            timers.registerProcessingTimeTimer(s.gapTimerAt);
        }
        if (s.idleTimerAt == DeviceState.NO_TIMER) {
            s.idleTimerAt = s.lastActivityMs + config.idleTimeoutMs();
            timers.registerProcessingTimeTimer(s.idleTimerAt);
        }
    }

    private void startStream(DeviceState s, String streamId) {
        s.streamId = streamId;
        s.reorder = new ReorderBuffer();
        s.engine = engine.newStream();
        s.segmentOffsetSamples = 0;
        s.captureBaseMs = DeviceState.UNKNOWN;
        s.command = null;
    }

    /** Processes what is left of the current stream (past its gaps) and closes its command. */
    private void endStream(DeviceState s, String device, long now, Collector<PipelineEvent> out) {
        while (!s.reorder.isEmpty()) {
            declareGap(s, device, now, out);
            drain(s, device, now, out);
        }
        closeCommand(s, device, out);
        if (s.streamId != null) s.rememberEnded(s.streamId);
    }

    private void drain(DeviceState s, String device, long now, Collector<PipelineEvent> out) {
        for (PendingChunk c = s.reorder.pollNext(); c != null; c = s.reorder.pollNext()) process(s, device, c, now, out);
    }

    /**
     * Gives up the missing chunks before the lowest held one. The engine starts a new segment so no feature window
     * spans the gap; the segment is placed on the stream timeline from the agent's capture clock when known (the
     * agent derives captureTimeMs from its sample count), else by assuming the missing chunks were as long as the
     * next one.
     */
    private void declareGap(DeviceState s, String device, long now, Collector<PipelineEvent> out) {
        PendingChunk next = s.reorder.lowest();
        if (next == null) return;
        long skipped = s.reorder.skipToLowest();
        if (skipped == 0) return;
        gaps.inc();
        closeCommand(s, device, out);
        long end = s.endSamples();
        long estimate = s.captureBaseMs != DeviceState.UNKNOWN
                ? (next.captureTimeMs() - s.captureBaseMs) * RATE / 1000
                : end + skipped * next.samples().length;
        s.segmentOffsetSamples = Math.max(end, estimate);
        s.engine = engine.newStream();
    }

    /** Feeds one in-order chunk to the engine and the open command; emits detections and finished commands. */
    private void process(DeviceState s, String device, PendingChunk c, long now, Collector<PipelineEvent> out) {
        if (s.captureBaseMs == DeviceState.UNKNOWN) {
            if (s.reorder.nextSequence() - 1 > 0 && s.endSamples() == 0) {
                // The stream's first chunks never came: place this one as if they had been as long as it.
                s.segmentOffsetSamples = (s.reorder.nextSequence() - 1) * c.samples().length;
            }
            s.captureBaseMs = c.captureTimeMs() - s.endSamples() * 1000 / RATE;
        }
        short[] pcm = c.samples();
        long before = s.engine.mfcc().samplesSeen();
        List<Detection> detections = new ArrayList<>(1);
        engine.accept(s.engine, s, pcm, 0, pcm.length, batch);
        engine.scoreAndDetect(batch, x -> s.engine, (x, d) -> detections.add(d), null);
        int pos = 0;
        for (Detection d : detections) {
            // The command starts where the detector decided; audio before it in this chunk belongs to what came
            // before (the phrase or an earlier command).
            int at = (int) Math.max(pos, Math.min(pcm.length, d.detectedAtMs() * RATE / 1000 - before));
            pos = feedCommand(s, device, pcm, pos, at, out);
            WakeEvent event = wakeEvent(s, device, d, now);
            out.collect(new WakeDetected(event));
            closeCommand(s, device, out);
            s.command = new CommandCollector(event.getEventId().toString(), s.segmentOffsetSamples + before + at,
                    config.maxCommandMs() * RATE / 1000, new EnergyVad(config.vad(), RATE));
            pos = at;
        }
        feedCommand(s, device, pcm, pos, pcm.length, out);
    }

    private int feedCommand(DeviceState s, String device, short[] pcm, int from, int to, Collector<PipelineEvent> out) {
        while (from < to && s.command != null) {
            from += s.command.accept(pcm, from, to - from);
            if (s.command.isClosed()) closeCommand(s, device, out);
        }
        return to;
    }

    /** Emits the open command if it has speech (else counts it as discarded) and forgets it. */
    private void closeCommand(DeviceState s, String device, Collector<PipelineEvent> out) {
        CommandCollector c = s.command;
        if (c == null) return;
        s.command = null;
        if (!c.hasSpeech()) {
            discardedCommands.inc();
            return;
        }
        long startMs = c.startSample() * 1000 / RATE;
        long endMs = (c.startSample() + c.length()) * 1000 / RATE;
        out.collect(new CommandSegment(device, s.streamId, c.wakeEventId(), startMs, endMs, c.samples()));
    }

    private WakeEvent wakeEvent(DeviceState s, String device, Detection d, long now) {
        long offsetMs = s.segmentOffsetSamples * 1000 / RATE;
        long detectedStreamMs = offsetMs + d.detectedAtMs();
        String id = UUID.nameUUIDFromBytes((device + "|" + s.streamId + "|" + detectedStreamMs).getBytes(StandardCharsets.UTF_8)).toString();
        return WakeEvent.newBuilder()
                .setEventId(id)
                .setDeviceId(device)
                .setWakePhrase(manifest.wakePhrase())
                .setModelName(manifest.name())
                .setModelVersion(manifest.version())
                .setScore(d.score())
                .setAudioStartMs(offsetMs + d.audioStartMs())
                .setAudioEndMs(offsetMs + d.audioEndMs())
                .setDetectedAtMs(now)
                .setStreamId(s.streamId)
                .build();
    }

    /** Counters, for tests and dashboards. */
    long duplicateCount() { return duplicates.getCount(); }
    long gapCount() { return gaps.getCount(); }
    long rejectedCount() { return rejected.getCount(); }
    long discardedCommandCount() { return discardedCommands.getCount(); }
    long staleStreamChunkCount() { return staleStreamChunks.getCount(); }
    long expiredDeviceCount() { return expiredDevices.getCount(); }
}
