package io.wakestream.pipeline;

import io.wakestream.schemas.AudioChunk;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A {@link WakeWordFunction} in Flink's keyed operator test harness (real state backend and timers). */
final class Rig implements AutoCloseable {
    final WakeWordFunction function;
    final KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, PipelineEvent> harness;

    Rig(PipelineConfig config) throws Exception {
        this(config, null);
    }

    /** A rig restored from {@code snapshot} (null for a fresh one). */
    Rig(PipelineConfig config, OperatorSubtaskState snapshot) throws Exception {
        function = new WakeWordFunction(config);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                c -> c.getDeviceId().toString(), Types.STRING);
        // The harness copies outputs with this serializer. Kryo for now: the job's real output serializer comes with
        // the Kafka wiring (flink-avro for the Avro events).
        harness.setup(new KryoSerializer<>(PipelineEvent.class, new SerializerConfigImpl()));
        if (snapshot != null) harness.initializeState(snapshot);
        harness.open();
    }

    static PipelineConfig config() throws Exception {
        return PipelineConfig.defaults(LoudModel.folder().toString()).withReorder(50, 2_000);
    }

    Rig feed(List<AudioChunk> chunks) throws Exception {
        for (AudioChunk c : chunks) harness.processElement(new StreamRecord<>(c));
        return this;
    }

    Rig at(long processingTimeMs) throws Exception {
        harness.setProcessingTime(processingTimeMs);
        return this;
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
        var side = harness.getSideOutput(WakeWordFunction.REJECTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
