package io.wakestream.pipeline;

import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.AudioChunk;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A {@link WakeWordOperator} in Flink's keyed operator test harness (real state backend and timers). */
final class Rig implements AutoCloseable {
    /**
     * Processing time {@link #feed} lets pass after a burst of chunks: the default latency budget, so every chunk
     * fed has been scored and its events are out.
     */
    static final long PAUSE_MS = BatchingConfig.defaults().maxDelayMs();

    final BatchingConfig batching;
    final WakeWordOperator operator;
    final KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, PipelineEvent> harness;

    Rig(PipelineConfig config) throws Exception {
        this(config, BatchingConfig.defaults(), null);
    }

    Rig(PipelineConfig config, BatchingConfig batching) throws Exception {
        this(config, batching, null);
    }

    /** A rig restored from {@code snapshot} (null for a fresh one). */
    Rig(PipelineConfig config, BatchingConfig batching, OperatorSubtaskState snapshot) throws Exception {
        this(config, batching, snapshot, null);
    }

    /**
     * @param backend the keyed state backend, null for Flink's default (heap)
     */
    Rig(PipelineConfig config, BatchingConfig batching, OperatorSubtaskState snapshot, StateBackend backend) throws Exception {
        this.batching = batching;
        operator = new WakeWordOperator(config.withBatching(batching));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, c -> c.getDeviceId().toString(), Types.STRING);
        if (backend != null) harness.setStateBackend(backend);
        // The harness copies outputs with this serializer: the job's own (PipelineTypes), so events round-trip it.
        harness.setup(PipelineTypes.PIPELINE_EVENT.createSerializer(new SerializerConfigImpl()));
        if (snapshot != null) harness.initializeState(snapshot);
        harness.open();
    }

    static PipelineConfig config() throws Exception {
        return PipelineConfig.defaults(LoudModel.folder().toString()).withReorder(50, 2_000);
    }

    /** Feeds the chunks at the current processing time, then pauses ({@link #PAUSE_MS}). */
    Rig feed(List<AudioChunk> chunks) throws Exception {
        if (batching.maxDelayMs() > PAUSE_MS) throw new IllegalStateException("feed() would pause less than the latency budget");
        for (AudioChunk c : chunks) process(c);
        return pause();
    }

    /** Feeds one chunk at the current processing time; its events may still wait in the scoring batch. */
    Rig process(AudioChunk chunk) throws Exception {
        harness.processElement(new StreamRecord<>(chunk));
        return this;
    }

    /** Lets {@link #PAUSE_MS} of processing time pass. */
    Rig pause() throws Exception {
        return at(harness.getProcessingTime() + PAUSE_MS);
    }

    Rig at(long processingTimeMs) throws Exception {
        harness.setProcessingTime(processingTimeMs);
        return this;
    }

    /** What Flink does at a checkpoint: the pre-barrier hook, then the snapshot. */
    OperatorSubtaskState checkpoint(long id) throws Exception {
        harness.prepareSnapshotPreBarrier(id);
        return harness.snapshot(id, harness.getProcessingTime());
    }

    /** Devices with keyed state (works on every backend, unlike the harness's entry count). */
    long devicesInState() throws Exception {
        try (var keys = operator.<String>getKeyedStateBackend().getKeys(WakeWordOperator.STATE_NAME, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** The serialized size of {@code device}'s keyed state (0 if it has none), as every backend stores it. */
    int stateBytes(String device) throws Exception {
        var backend = operator.<String>getKeyedStateBackend();
        Object previousKey = backend.getCurrentKey();
        backend.setCurrentKey(device);
        try {
            DeviceState s = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new ValueStateDescriptor<>(WakeWordOperator.STATE_NAME, DeviceStateSerializer.INSTANCE)).value();
            if (s == null) return 0;
            DataOutputSerializer out = new DataOutputSerializer(8192);
            DeviceStateSerializer.INSTANCE.serialize(s, out);
            return out.length();
        } finally {
            if (previousKey != null) backend.setCurrentKey((String) previousKey);
        }
    }

    List<PipelineEvent> output() {
        return new ArrayList<>(harness.extractOutputValues());
    }

    List<PipelineEvent> output(String device) {
        return output().stream().filter(e -> e.deviceId().equals(device)).toList();
    }

    List<WakeDetected> wakes() {
        return output().stream().filter(e -> e instanceof WakeDetected).map(e -> (WakeDetected) e).toList();
    }

    List<CommandSegment> commands() {
        return output().stream().filter(e -> e instanceof CommandSegment).map(e -> (CommandSegment) e).toList();
    }

    List<RejectedChunk> rejected() {
        var side = harness.getSideOutput(WakeWordOperator.REJECTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
