package io.wakestream.pipeline;

import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.vad.SileroVad;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.AudioChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed (by device id) wake-word operator: puts each device's chunks back in order, feeds them to the
 * wake-word engine, emits a {@link WakeDetected} per detection and then the following command audio as a
 * {@link CommandSegment} (and, with {@link PipelineConfig#commandAudio()}, also piece by piece as it comes, as
 * {@link CommandAudio}); bad chunks go to the side output {@link #REJECTED}. The per-device behaviour (reorder
 * buffer, gaps, stream changes, commands, idle expiry) is {@link DeviceProcessor}'s; this class is the Flink side:
 * keyed state, timers, outputs, and <b>one ONNX call for the windows of many devices</b>.
 *
 * <h2>Batching across devices</h2>
 * Flink lets an operator touch a key's state only while that key is current, so a {@code KeyedProcessFunction}
 * must score each chunk on its own. This operator runs the feature stage of a device's chunk under its key, leaves
 * the windows it made due in a {@link ScoringBatch} shared by all devices of the subtask, and remembers the chunk
 * ({@link ChunkInFlight}) and the device's state object. The batch is scored in one ONNX call ({@link #flush}) when
 * it holds {@link BatchingConfig#maxWindows()} windows, when its oldest chunk has waited
 * {@link BatchingConfig#maxDelayMs()} (a processing-time callback), before a checkpoint barrier, at the end of the
 * input, and when a device with chunks in flight has a gap, a stream change or expires (see
 * {@link DeviceProcessor}'s order rule). The engine runs each device's detector on its scores in window order; then
 * each chunk's device is re-entered ({@code setCurrentKey}) in processing order to finish the chunk (events,
 * command audio), and each device's state is written back.
 *
 * <p>A device's next chunk does not flush the batch: its feature stage only touches the MFCC state, the feature
 * window and the reorder buffer, so its windows queue behind those of its chunks in flight and the detection stages
 * still run in the device's order. (Flushing there instead would cap a batch at the run of distinct devices
 * between two chunks of one device, a few devices when they interleave randomly.) While a device has chunks in
 * flight, its state is the object they hold, not a fresh read of Flink state (the RocksDB backend would hand back
 * the last written copy); the flush writes it back.
 *
 * <p>Output timestamps follow {@code KeyedProcessOperator}: events carry the timestamp of the input record whose
 * chunk produced them (kept with the chunk while it is in flight), none when a timer produced them.
 *
 * <p>Wiring ({@code WakestreamJob} does this): {@link #applyTo}, or {@code keyBy(c -> c.getDeviceId(), Types.STRING)
 * .transform("wake-word", PipelineTypes.PIPELINE_EVENT, new WakeWordOperator(config)).uid(...)}.
 */
public class WakeWordOperator extends AbstractStreamOperator<PipelineEvent>
        implements OneInputStreamOperator<AudioChunk, PipelineEvent>, Triggerable<String, VoidNamespace>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WakeWordOperator.class);
    /** Chunks that cannot be processed. */
    public static final OutputTag<RejectedChunk> REJECTED = new OutputTag<>("rejected-chunks") {};
    /** Keyed state name and timer service name, the same as the former {@code KeyedProcessFunction} used. */
    static final String STATE_NAME = "device";
    private static final String TIMERS_NAME = "user-timers";

    /** Why the shared batch was scored; each has a counter {@code flushesOn<Reason>}. */
    enum FlushReason {
        FULL_BATCH("FullBatch"), LATENCY_BUDGET("LatencyBudget"), DEVICE_SETTLE("DeviceSettle"),
        CHECKPOINT("Checkpoint"), END_OF_INPUT("EndOfInput");

        final String metric;

        FlushReason(String metric) {
            this.metric = "flushesOn" + metric;
        }
    }

    private final PipelineConfig config;
    private final BatchingConfig batching;

    private transient ValueState<DeviceState> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient TimestampedCollector<PipelineEvent> out;
    private transient WakeWordEngine engine;
    private transient ScoringBatch<ChunkInFlight> batch;
    private transient DeviceProcessor devices;
    /** Chunks whose windows are in {@link #batch}, in the order they were processed. */
    private transient List<ChunkInFlight> inFlight;
    /** The state object of each device with chunks in flight (they all hold it); written back by the flush. */
    private transient LinkedHashMap<String, DeviceState> heldStates;
    private transient long oldestInFlightMs;
    private transient boolean budgetTimerPending;
    /** Timestamp of the record being processed, if any (events and in-flight chunks take it). */
    private transient boolean hasRecordTimestamp;
    private transient long recordTimestamp;
    private transient Counter rejected;
    private transient Counter onnxCalls;
    private transient Counter windowsScored;
    private transient Map<FlushReason, Counter> flushes;

    /** Batching as {@link PipelineConfig#batching()} says. */
    public WakeWordOperator(PipelineConfig config) {
        if (config == null) throw new IllegalArgumentException("config must be set");
        this.config = config;
        this.batching = config.batching();
    }

    /**
     * The wake-word stage on a stream keyed by device id (a {@code String}), named "wake-word"; its side output is
     * {@link #REJECTED}. Give it a stable uid.
     */
    public static SingleOutputStreamOperator<PipelineEvent> applyTo(KeyedStream<AudioChunk, String> byDevice, PipelineConfig config) {
        return byDevice.transform("wake-word", PipelineTypes.PIPELINE_EVENT, new WakeWordOperator(config));
    }

    @Override
    public void open() throws Exception {
        super.open();
        // JVM-wide shared session: every subtask in this task manager uses the same loaded model. A missing or
        // corrupt folder fails here with the engine's ModelLoadException message.
        WakeWordModel model = WakeWordModel.load(Path.of(config.modelDir()));
        ModelManifest manifest = model.manifest();
        if (manifest.features().sampleRate() != ChunkAudio.TARGET_RATE) {
            throw new IllegalStateException(config.modelDir() + ": model expects " + manifest.features().sampleRate()
                    + " Hz features; the pipeline feeds " + ChunkAudio.TARGET_RATE + " Hz");
        }
        if (config.vad().kind() == VadConfig.Kind.SILERO) {
            // Also JVM-wide and shared; loaded here so a missing or wrong file fails the job at start, not at the
            // first command, and restored commands find it loaded.
            SileroVad.load(Path.of(config.vad().sileroModel()));
        }
        engine = new WakeWordEngine(model);
        batch = engine.newBatch(batching.maxWindows() + 16);
        inFlight = new ArrayList<>();
        heldStates = new LinkedHashMap<>();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, DeviceStateSerializer.INSTANCE));
        timers = getInternalTimerService(TIMERS_NAME, VoidNamespaceSerializer.INSTANCE, this);
        out = new TimestampedCollector<>(output);
        var metrics = getMetricGroup();
        rejected = metrics.counter("rejectedChunks");
        onnxCalls = metrics.counter("onnxCalls");
        windowsScored = metrics.counter("windowsScored");
        flushes = new EnumMap<>(FlushReason.class);
        for (FlushReason r : FlushReason.values()) flushes.put(r, metrics.counter(r.metric));
        devices = new DeviceProcessor(config, engine, batch, metrics, new Host());
        LOG.info("Wake-word operator {} open: model {} {} from {}, scoring batches of up to {} windows or {} ms; "
                        + "commands end by the {} VAD",
                getOperatorName(), manifest.name(), manifest.version(), config.modelDir(), batching.maxWindows(),
                batching.maxDelayMs(), config.vad().kind() == VadConfig.Kind.SILERO ? "Silero (" + config.vad().sileroModel() + ")" : "energy");
    }

    @Override
    public void processElement(StreamRecord<AudioChunk> element) throws Exception {
        AudioChunk chunk = element.getValue();
        String device = (String) getCurrentKey();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        hasRecordTimestamp = element.hasTimestamp();
        recordTimestamp = element.getTimestamp();
        String problem = ChunkAudio.problem(chunk, config.maxChunkMs());
        if (problem != null) {
            reject(chunk, problem);
            return;
        }
        stampOutput();
        DeviceState held = heldStates.get(device);
        DeviceState s = devices.onChunk(held != null ? held : state.value(), device, chunk, now);
        // Chunks left in flight hold this same object; the flush writes it back.
        if (!heldStates.containsKey(device)) state.update(s);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String device = timer.getKey();
        hasRecordTimestamp = false;
        stampOutput();
        DeviceState held = heldStates.get(device);
        DeviceState s = held != null ? held : state.value();
        if (s == null) return;
        DeviceState after = devices.onTimer(s, device, timer.getTimestamp());
        if (after == null) {
            state.clear(); // expiry ended the stream, which settled the device: nothing of it is in flight
        } else if (!heldStates.containsKey(device)) {
            state.update(after);
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // No event-time timers are registered.
    }

    /**
     * The windows in flight are not in keyed state (the batch is a plain buffer shared by all keys), so a
     * checkpoint taken while some wait would lose them: the restored job would have each device's feature
     * window advanced past chunks whose detections never ran. Scoring them before the barrier leaves nothing in
     * flight, so the snapshot is exactly the per-chunk state.
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush(FlushReason.CHECKPOINT);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    /**
     * The input is finished for good (a bounded job, e.g. {@code replay}, or {@code flink stop --drain}): every
     * device's stream ends as if its agent had stopped, so held chunks are processed past their gaps and an open
     * command is closed and emitted instead of waiting for silence or the idle timeout that will never come. A plain
     * stop-with-savepoint does not call this, so commands in progress survive it.
     */
    @Override
    public void endInput() throws Exception {
        flush(FlushReason.END_OF_INPUT);
        List<String> keys = new ArrayList<>();
        try (var all = getKeyedStateBackend().<VoidNamespace>getKeys(STATE_NAME, VoidNamespace.INSTANCE)) {
            all.forEach(k -> keys.add((String) k));
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        hasRecordTimestamp = false;
        stampOutput();
        for (String device : keys) {
            setCurrentKey(device);
            DeviceState s = state.value();
            if (s == null) continue;
            state.update(devices.onEndOfInput(s, device, now));
        }
        flush(FlushReason.END_OF_INPUT);
    }

    @Override
    public void finish() throws Exception {
        flush(FlushReason.END_OF_INPUT);
        super.finish();
    }

    /** Scores the batch now if {@code device} has chunks in flight, so its state is complete. */
    private void settle(String device) throws Exception {
        if (heldStates.containsKey(device)) flush(FlushReason.DEVICE_SETTLE);
    }

    /**
     * Scores every window in flight in one ONNX call (the engine runs each device's detector on its scores in
     * order), then re-enters the device of each chunk, in the order the chunks were processed, to finish it, and
     * writes each device's state back. Restores the key and output timestamp of whatever was being processed.
     */
    private void flush(FlushReason reason) throws Exception {
        if (inFlight.isEmpty()) return;
        flushes.get(reason).inc();
        onnxCalls.inc();
        windowsScored.inc(batch.size());
        engine.scoreAndDetect(batch, ChunkInFlight::stream, (chunk, d) -> chunk.detections.add(d), null);
        List<ChunkInFlight> scored = new ArrayList<>(inFlight);
        inFlight.clear();
        List<Map.Entry<String, DeviceState>> states = new ArrayList<>(heldStates.entrySet());
        heldStates.clear();
        Object key = getCurrentKey();
        boolean hadTimestamp = hasRecordTimestamp;
        long timestamp = recordTimestamp;
        for (ChunkInFlight chunk : scored) {
            setCurrentKey(chunk.device);
            hasRecordTimestamp = chunk.hasRecordTimestamp;
            recordTimestamp = chunk.recordTimestamp;
            stampOutput();
            devices.finish(chunk);
        }
        for (Map.Entry<String, DeviceState> e : states) {
            setCurrentKey(e.getKey());
            state.update(e.getValue());
        }
        if (key != null) setCurrentKey(key);
        hasRecordTimestamp = hadTimestamp;
        recordTimestamp = timestamp;
        stampOutput();
    }

    /** A chunk the job cannot use goes to {@link #REJECTED} (and on to the dead letters), stamped like its input. */
    private void reject(AudioChunk chunk, String problem) {
        rejected.inc();
        String device = (String) getCurrentKey();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        RejectedChunk r = new RejectedChunk(device, String.valueOf(chunk.getStreamId()), chunk.getSequence(), problem, now);
        output.collect(REJECTED, hasRecordTimestamp ? new StreamRecord<>(r, recordTimestamp) : new StreamRecord<>(r));
    }

    private void stampOutput() {
        if (hasRecordTimestamp) {
            out.setAbsoluteTimestamp(recordTimestamp);
        } else {
            out.eraseTimestamp();
        }
    }

    /** Latency budget: one processing-time callback at a time, at the oldest chunk in flight plus the budget. */
    private void armBudgetTimer() {
        if (budgetTimerPending) return;
        budgetTimerPending = true;
        getProcessingTimeService().registerTimer(oldestInFlightMs + batching.maxDelayMs(), this::onBudgetTimer);
    }

    private void onBudgetTimer(long time) throws Exception {
        budgetTimerPending = false;
        if (inFlight.isEmpty()) return;
        if (time >= oldestInFlightMs + batching.maxDelayMs()) {
            flush(FlushReason.LATENCY_BUDGET);
        } else {
            armBudgetTimer(); // the batch was scored meanwhile; wait for the chunks in flight now
        }
    }

    /** The operator's side of {@link DeviceProcessor}. */
    private final class Host implements DeviceProcessor.Host {
        @Override
        public void settle(String device) throws Exception {
            WakeWordOperator.this.settle(device);
        }

        @Override
        public boolean hasInFlight(String device) {
            return heldStates.containsKey(device);
        }

        @Override
        public void inFlight(ChunkInFlight chunk) throws Exception {
            chunk.hasRecordTimestamp = hasRecordTimestamp;
            chunk.recordTimestamp = recordTimestamp;
            if (inFlight.isEmpty()) oldestInFlightMs = getProcessingTimeService().getCurrentProcessingTime();
            DeviceState held = heldStates.putIfAbsent(chunk.device, chunk.state);
            if (held != null && held != chunk.state) {
                throw new IllegalStateException("device " + chunk.device + " has chunks in flight on another state object");
            }
            inFlight.add(chunk);
            if (batch.size() >= batching.maxWindows()) {
                flush(FlushReason.FULL_BATCH);
            } else {
                armBudgetTimer();
            }
        }

        @Override
        public void emit(PipelineEvent event) {
            out.collect(event);
        }

        @Override
        public void reject(AudioChunk chunk, String problem) {
            WakeWordOperator.this.reject(chunk, problem);
        }

        @Override
        public void registerTimer(long timeMs) {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, timeMs);
        }
    }

    /** Counters, for tests and dashboards. */
    long onnxCallCount() { return onnxCalls.getCount(); }
    long windowsScoredCount() { return windowsScored.getCount(); }
    long flushCount(FlushReason reason) { return flushes.get(reason).getCount(); }
    /** Windows waiting in the shared batch. */
    int windowsInFlight() { return batch.size(); }
    long rejectedCount() { return rejected.getCount(); }
    long duplicateCount() { return devices.duplicateCount(); }
    long gapCount() { return devices.gapCount(); }
    long discardedCommandCount() { return devices.discardedCommandCount(); }
    long staleStreamChunkCount() { return devices.staleStreamChunkCount(); }
    long expiredDeviceCount() { return devices.expiredDeviceCount(); }
    long commandsClosedOnIdleCount() { return devices.commandsClosedOnIdleCount(); }
    long commandsDiscardedOnIdleCount() { return devices.commandsDiscardedOnIdleCount(); }
}
