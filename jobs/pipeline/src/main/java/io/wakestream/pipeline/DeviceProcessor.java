package io.wakestream.pipeline;

import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.WakeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one device's {@link DeviceState} when a chunk or a timer arrives: reordering, gaps, stream
 * changes, the engine's feature stage, and, once the chunk's windows are scored, detections, wake events and
 * command audio. Knows nothing of Flink's keyed state or of when the shared batch is scored: the
 * {@link WakeWordOperator} (the {@link Host}) reads and writes the state and scores the batch.
 *
 * <h2>Two stages per chunk</h2>
 * {@link #onChunk} and {@link #onTimer} run the <em>feature stage</em> of each in-order chunk (MFCC, feature window),
 * which adds the windows it makes due to the shared {@link ScoringBatch}, and hand the chunk to the host as a
 * {@link ChunkInFlight}. After the batch is scored (the engine has run the device's detector on the scores, in
 * order) the host calls {@link #finish}, the <em>detection stage</em>: wake events and command audio. A chunk that
 * makes no window due is finished at once, unless chunks of its device before it are still in flight.
 *
 * <p><b>Order rule.</b> The feature stage reads and writes only the MFCC state, the feature window, the reorder
 * buffer, the segment placement and the timer bookkeeping; the detection stage only the detector state and the
 * open command (and reads the stream id and segment placement for event ids). So a device's next chunk can run its
 * feature stage while the chunks before it wait in the batch: its windows queue behind theirs and every stage
 * still runs in the device's order, as if each chunk were scored on its own. What does not commute with a chunk in
 * flight is settled first ({@link Host#settle}: the batch is scored and the device's chunks finished): a gap (it
 * closes the command and starts a new engine segment) and the end of a stream (it closes the command; also on
 * idle expiry).
 */
final class DeviceProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceProcessor.class);
    private static final int RATE = ChunkAudio.TARGET_RATE;
    /**
     * Out-of-order audio a device may hold, whatever its chunk count: the reorder capacity counts chunks, and with
     * chunks up to {@code maxChunkMs} long it alone would let one device hold minutes of audio in state.
     */
    static final long MAX_HELD_SAMPLES = 10L * RATE;

    /** What became of a device's open command when it was closed. */
    enum CommandEnd {
        /** There was none. */
        NONE,
        /** It had speech and went out as a {@link CommandSegment}. */
        EMITTED,
        /** It had no speech (nothing to transcribe) and was dropped. */
        DISCARDED_NO_SPEECH
    }

    /** What the operator provides. */
    interface Host {
        /** Finishes {@code device}'s chunks in flight, if it has any (scores the shared batch). */
        void settle(String device) throws Exception;

        /** True if {@code device} has chunks whose windows wait in the shared batch. */
        boolean hasInFlight(String device);

        /**
         * Call {@link #finish} once the batch is scored: the chunk's windows are in it, or it made none due but
         * comes after chunks of its device that are in flight.
         */
        void inFlight(ChunkInFlight chunk) throws Exception;

        /** Emits on the main output. */
        void emit(PipelineEvent event);

        /** Refuses a chunk (the side output) with the reason; the device's state is unchanged by it. */
        void reject(AudioChunk chunk, String problem);

        /** Registers a processing-time timer for the current device. */
        void registerTimer(long timeMs);
    }

    private final PipelineConfig config;
    private final WakeWordEngine engine;
    private final ModelManifest manifest;
    private final ScoringBatch<ChunkInFlight> batch;
    private final Host host;
    private final Counter duplicates;
    private final Counter staleStreamChunks;
    private final Counter gaps;
    private final Counter discardedCommands;
    private final Counter expiredDevices;
    private final Counter commandsClosedOnIdle;
    private final Counter commandsDiscardedOnIdle;

    DeviceProcessor(PipelineConfig config, WakeWordEngine engine, ScoringBatch<ChunkInFlight> batch, MetricGroup metrics, Host host) {
        this.config = config;
        this.engine = engine;
        this.manifest = engine.manifest();
        this.batch = batch;
        this.host = host;
        this.duplicates = metrics.counter("duplicateChunks");
        this.staleStreamChunks = metrics.counter("staleStreamChunks");
        this.gaps = metrics.counter("gaps");
        this.discardedCommands = metrics.counter("discardedCommands");
        this.expiredDevices = metrics.counter("expiredDevices");
        this.commandsClosedOnIdle = metrics.counter("commandsClosedOnIdle");
        this.commandsDiscardedOnIdle = metrics.counter("commandsDiscardedOnIdle");
    }

    /**
     * A valid chunk (see {@link ChunkAudio#problem}) of {@code device}.
     *
     * @param s the device's state (the object its chunks in flight hold, if it has any), or null for a device never
     *     seen (or expired)
     * @return the state to keep (the object the device's chunks in flight hold, if any are left in flight)
     */
    DeviceState onChunk(DeviceState s, String device, AudioChunk chunk, long now) throws Exception {
        if (s == null) s = DeviceState.fresh(engine.newStream());
        s.lastActivityMs = now;
        String streamId = chunk.getStreamId().toString();
        if (!streamId.equals(s.streamId)) {
            if (s.endedStreams.contains(streamId)) {
                // A late chunk of a stream the agent already replaced; starting it again would cut the new one.
                staleStreamChunks.inc();
                return s;
            }
            if (s.streamId != null) endStream(s, device, now);
            startStream(s, streamId);
        }
        PendingChunk pending = new PendingChunk(chunk.getSequence(), chunk.getCaptureTimeMs(), now, ChunkAudio.toMono16k(chunk));
        String badJump = SequenceJump.problem(s.reorder.nextSequence(), expectedCaptureMs(s), pending,
                config.reorderCapacity(), config.maxChunkMs());
        if (badJump != null) {
            host.reject(chunk, badJump);
            scheduleTimers(s);
            return s;
        }
        if (s.reorder.offer(pending) == ReorderBuffer.Offer.DUPLICATE) {
            duplicates.inc();
        } else {
            drain(s, device, now);
            while (s.reorder.size() >= config.reorderCapacity() || s.reorder.heldSamples() > MAX_HELD_SAMPLES) {
                declareGap(s, device);
                drain(s, device, now);
            }
        }
        scheduleTimers(s);
        return s;
    }

    /**
     * A gap or idle timer of {@code device} fired.
     *
     * @return the state to keep, or null if the device expired and its state is to be cleared
     */
    DeviceState onTimer(DeviceState s, String device, long timestamp) throws Exception {
        if (timestamp == s.gapTimerAt) s.gapTimerAt = DeviceState.NO_TIMER;
        if (timestamp == s.idleTimerAt) s.idleTimerAt = DeviceState.NO_TIMER;
        if (timestamp >= s.lastActivityMs + config.idleTimeoutMs()) {
            expire(s, device, timestamp);
            // Timers still registered for this key find no state and do nothing.
            return null;
        }
        while (!s.reorder.isEmpty() && timestamp >= s.reorder.oldestArrivalMs() + config.gapTimeoutMs()) {
            declareGap(s, device);
            drain(s, device, timestamp);
        }
        scheduleTimers(s);
        return s;
    }

    /**
     * The input ended for good: the device's stream ends (held chunks processed past their gaps, an open command
     * closed and emitted). The state is kept, with the stream marked ended.
     */
    DeviceState onEndOfInput(DeviceState s, String device, long now) throws Exception {
        if (s.streamId != null) endStream(s, device, now);
        return s;
    }

    /**
     * The device sent nothing for {@link PipelineConfig#idleTimeoutMs()}: its stream ends (held chunks processed, an
     * open command closed) and the caller clears its state. A command still open is the one thing a user would
     * miss, so what became of it is logged and counted: sent for transcription if it had speech (the agent went
     * away mid-command), else discarded.
     */
    private void expire(DeviceState s, String device, long now) throws Exception {
        long idleMs = now - s.lastActivityMs;
        String stream = s.streamId;
        CommandEnd end = endStream(s, device, now);
        expiredDevices.inc();
        switch (end) {
            case EMITTED -> {
                commandsClosedOnIdle.inc();
                LOG.info("Device {} idle for {} ms (stream {}): its open command was closed as it was and sent for "
                        + "transcription; the device's state is cleared", device, idleMs, stream);
            }
            case DISCARDED_NO_SPEECH -> {
                commandsDiscardedOnIdle.inc();
                LOG.info("Device {} idle for {} ms (stream {}): its open command had no speech and was discarded; "
                        + "the device's state is cleared", device, idleMs, stream);
            }
            case NONE -> LOG.debug("Device {} idle for {} ms (stream {}): its state is cleared", device, idleMs, stream);
        }
    }

    /** One gap timer (for the chunk waiting longest) and one idle timer at a time, so timers do not pile up. */
    private void scheduleTimers(DeviceState s) {
        if (!s.reorder.isEmpty() && s.gapTimerAt == DeviceState.NO_TIMER) {
            s.gapTimerAt = s.reorder.oldestArrivalMs() + config.gapTimeoutMs();
            host.registerTimer(s.gapTimerAt);
        }
        if (s.idleTimerAt == DeviceState.NO_TIMER) {
            s.idleTimerAt = s.lastActivityMs + config.idleTimeoutMs();
            host.registerTimer(s.idleTimerAt);
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
    private CommandEnd endStream(DeviceState s, String device, long now) throws Exception {
        while (!s.reorder.isEmpty()) {
            declareGap(s, device);
            drain(s, device, now);
        }
        host.settle(device);
        CommandEnd end = closeCommand(s, device);
        if (s.streamId != null) s.rememberEnded(s.streamId);
        return end;
    }

    private void drain(DeviceState s, String device, long now) throws Exception {
        for (PendingChunk c = s.reorder.pollNext(); c != null; c = s.reorder.pollNext()) process(s, device, c, now);
    }

    /**
     * Gives up the missing chunks before the lowest held one. The engine starts a new segment so no feature window
     * spans the gap; the segment is placed on the stream timeline from the agent's capture clock when known (the
     * agent derives captureTimeMs from its sample count), else by assuming the missing chunks were as long as the
     * next one.
     */
    private void declareGap(DeviceState s, String device) throws Exception {
        PendingChunk next = s.reorder.lowest();
        if (next == null) return;
        // The chunks before the gap must be finished with the engine segment and command they belong to.
        host.settle(device);
        long skipped = s.reorder.skipToLowest();
        if (skipped == 0) return;
        gaps.inc();
        closeCommand(s, device);
        long end = s.endSamples();
        long byCount = end + skipped * next.samples().length;
        long byClock = clockSamples(s, next.captureTimeMs());
        // The clock is trusted only within what the missing chunks could have spanned (a device clock can jump).
        long longest = end + Math.min(skipped, Long.MAX_VALUE / 2 / ((long) config.maxChunkMs() * RATE)) * config.maxChunkMs() * RATE / 1000;
        s.segmentOffsetSamples = byClock >= end && byClock <= longest ? byClock : byCount;
        s.engine = engine.newStream();
    }

    /** The capture time the next expected chunk would have, or {@link DeviceState#UNKNOWN}. */
    private static long expectedCaptureMs(DeviceState s) {
        if (s.captureBaseMs == DeviceState.UNKNOWN) return DeviceState.UNKNOWN;
        try {
            return Math.addExact(s.captureBaseMs, s.endSamples() * 1000 / RATE);
        } catch (ArithmeticException e) {
            return DeviceState.UNKNOWN;
        }
    }

    /** Where on the stream timeline (samples) the agent's clock puts {@code captureTimeMs}; -1 if unknown. */
    private static long clockSamples(DeviceState s, long captureTimeMs) {
        if (s.captureBaseMs == DeviceState.UNKNOWN) return -1;
        try {
            return Math.multiplyExact(Math.subtractExact(captureTimeMs, s.captureBaseMs), (long) RATE) / 1000;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** The feature stage of one in-order chunk; the rest happens in {@link #finish}, now or after the scores. */
    private void process(DeviceState s, String device, PendingChunk c, long now) throws Exception {
        if (s.captureBaseMs == DeviceState.UNKNOWN) {
            if (s.reorder.nextSequence() - 1 > 0 && s.endSamples() == 0) {
                // The stream's first chunks never came: place this one as if they had been as long as it.
                s.segmentOffsetSamples = (s.reorder.nextSequence() - 1) * c.samples().length;
            }
            try {
                s.captureBaseMs = Math.subtractExact(c.captureTimeMs(), s.endSamples() * 1000 / RATE);
            } catch (ArithmeticException e) {
                // A capture clock at the very end of the long range is no use: gaps are then placed by chunk count.
            }
        }
        short[] pcm = c.samples();
        ChunkInFlight chunk = new ChunkInFlight(device, s, pcm, now);
        int windowsBefore = batch.size();
        engine.accept(s.engine, chunk, pcm, 0, pcm.length, batch);
        if (batch.size() > windowsBefore || host.hasInFlight(device)) {
            host.inFlight(chunk);
        } else {
            finish(chunk); // no window due and nothing before it waits: no detection possible, finish in order now
        }
    }

    /**
     * Finishes a chunk whose windows were scored (the detector already ran on them, in order, filling
     * {@link ChunkInFlight#detections}): emits a wake event per detection and feeds the chunk's audio to the
     * command it belongs to. The host calls it for a device's chunks in their order and writes {@code chunk.state}
     * back afterwards.
     */
    void finish(ChunkInFlight chunk) {
        DeviceState s = chunk.state;
        String device = chunk.device;
        short[] pcm = chunk.pcm;
        long before = chunk.samplesBefore;
        int pos = 0;
        for (Detection d : chunk.detections) {
            // The command starts where the detector decided; audio before it in this chunk belongs to what came
            // before (the phrase or an earlier command).
            int at = (int) Math.max(pos, Math.min(pcm.length, d.detectedAtMs() * RATE / 1000 - before));
            pos = feedCommand(s, device, pcm, pos, at);
            WakeEvent event = wakeEvent(s, device, d, chunk.processingTimeMs);
            host.emit(new WakeDetected(event));
            closeCommand(s, device);
            s.command = new CommandCollector(event.getEventId().toString(), s.segmentOffsetSamples + before + at,
                    config.maxCommandMs() * RATE / 1000, CommandVad.create(config.vad(), RATE));
            pos = at;
        }
        feedCommand(s, device, pcm, pos, pcm.length);
    }

    private int feedCommand(DeviceState s, String device, short[] pcm, int from, int to) {
        while (from < to && s.command != null) {
            CommandCollector c = s.command;
            int offset = c.length();
            int n = c.accept(pcm, from, to - from);
            if (config.commandAudio() && n > 0) {
                host.emit(new CommandAudio(device, s.streamId, c.wakeEventId(), c.startSample() * 1000 / RATE, offset,
                        Arrays.copyOfRange(pcm, from, from + n), false));
            }
            from += n;
            if (c.isClosed()) closeCommand(s, device);
        }
        return to;
    }

    /** Emits the open command if it has speech (else counts it as discarded) and forgets it. */
    private CommandEnd closeCommand(DeviceState s, String device) {
        CommandCollector c = s.command;
        if (c == null) return CommandEnd.NONE;
        s.command = null;
        if (!c.hasSpeech()) {
            discardedCommands.inc();
            // A recogniser decoding the pieces as they came can stop: no segment will follow.
            if (config.commandAudio()) {
                host.emit(CommandAudio.discarded(device, s.streamId, c.wakeEventId(), c.startSample() * 1000 / RATE, c.length()));
            }
            return CommandEnd.DISCARDED_NO_SPEECH;
        }
        long startMs = c.startSample() * 1000 / RATE;
        long endMs = (c.startSample() + c.length()) * 1000 / RATE;
        host.emit(new CommandSegment(device, s.streamId, c.wakeEventId(), startMs, endMs, c.samples()));
        return CommandEnd.EMITTED;
    }

    /**
     * Event ids are deterministic (device, stream and stream-timeline time of the detection), so a replay after a
     * failure emits the same ids. detectedAtMs is the processing time at which the chunk that completed the
     * detection reached the operator (batching may emit the event up to {@link BatchingConfig#maxDelayMs()} later).
     */
    private WakeEvent wakeEvent(DeviceState s, String device, Detection d, long processedAtMs) {
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
                .setDetectedAtMs(processedAtMs)
                .setStreamId(s.streamId)
                .build();
    }

    long duplicateCount() { return duplicates.getCount(); }
    long gapCount() { return gaps.getCount(); }
    long discardedCommandCount() { return discardedCommands.getCount(); }
    long staleStreamChunkCount() { return staleStreamChunks.getCount(); }
    long expiredDeviceCount() { return expiredDevices.getCount(); }
    long commandsClosedOnIdleCount() { return commandsClosedOnIdle.getCount(); }
    long commandsDiscardedOnIdleCount() { return commandsDiscardedOnIdle.getCount(); }
}
