package io.wakestream.engine.model;

import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_FRAMES_PER_STEP;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * openWakeWord's melspectrogram model for many 80 ms steps in one call, each with its own 80 dB floor. The model
 * computes its STFT as a convolution (kernel 512, stride 160) and floors its output 80 dB below the maximum of the
 * whole input, so steps cannot simply be batched. Here the caller cuts each step into its 8 frames of 512 samples,
 * all frames of all steps go back to back through the same convolution with stride 512 (one matrix product over
 * every frame instead of one per step: the same dot products, the larger product is cheaper per frame), the rest
 * of the graph runs unchanged, and the maximum and floor are taken per step. Frequency bins that no mel band uses
 * (137 of 257 in openWakeWord's model: below 2 and from 122 up) are not computed at all: they only ever added
 * exact zeros to the bands. {@link OpenWakeWordModels} checks at
 * load that it gives the per-step model's bits, and does not use it otherwise.
 */
public final class BatchedMelspectrogram implements AutoCloseable {
    public static final int FRAME = 512;
    public static final int HOP = 160;
    private static final String FRAMES = "frames";
    private static final String OUTPUT = "mel_per_step";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    private BatchedMelspectrogram(OrtSession session) {
        this.session = session;
    }

    /** Derives the graph; IllegalArgumentException when the model is not the structure described above. */
    static BatchedMelspectrogram load(Path melspectrogramModel) throws IOException, OrtException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(melspectrogramModel));
        GraphProto g = model.getGraph();
        if (g.getInputCount() != 1 || g.getOutputCount() != 1) throw new IllegalArgumentException("expected one input and one output");
        String input = g.getInput(0).getName();
        List<NodeProto> nodes = g.getNodeList();
        int reduce = -1;
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).getOpType().equals("ReduceMax")) reduce = i;
        if (reduce < 0) throw new IllegalArgumentException("no ReduceMax");
        // The tail after ReduceMax: Sub(max, 80), Cast, Clip(x, floor, high), and the Constants they use.
        List<NodeProto> constants = new java.util.ArrayList<>();
        List<String> tail = new java.util.ArrayList<>();
        NodeProto sub = null;
        NodeProto clip = null;
        for (int i = reduce + 1; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            if (n.getOpType().equals("Constant")) constants.add(n);
            else tail.add(n.getOpType());
            if (n.getOpType().equals("Sub")) sub = n;
            if (n.getOpType().equals("Clip")) clip = n;
        }
        if (reduce < 0 || !tail.equals(List.of("Sub", "Cast", "Clip"))) throw new IllegalArgumentException("the graph does not end in ReduceMax, Sub, Cast, Clip");
        NodeProto max = nodes.get(reduce);
        String logMel = max.getInput(0);
        if (!clip.getInput(0).equals(logMel) || clip.getInputCount() != 3) throw new IllegalArgumentException("unexpected Clip");

        GraphProto.Builder b = GraphProto.newBuilder().setName("melspectrogram_steps");
        // Frequency bins whose mel weights are all zero add exact zeros to every band: the STFT need not compute them.
        String melWeights = null;
        List<String> stftWeights = new java.util.ArrayList<>();
        for (NodeProto n : nodes.subList(0, reduce)) {
            if (n.getOpType().equals("MatMul")) melWeights = n.getInput(1);
            if (n.getOpType().equals("Conv")) stftWeights.add(n.getInput(1));
        }
        int[] bins = usedBins(g, melWeights);
        for (TensorProto t : g.getInitializerList()) {
            if (bins != null && t.getName().equals(melWeights)) b.addInitializer(rows(t, bins[0], bins[1]));
            else if (bins != null && stftWeights.contains(t.getName())) b.addInitializer(rows(t, bins[0], bins[1]));
            else b.addInitializer(t);
        }
        int[] counter = {0};
        String signal = "batched_signal";
        b.addNode(node("Reshape", List.of(FRAMES, constant(b, counter, new long[] {1, -1})), signal));
        int convs = 0;
        for (int i = 0; i < reduce; i++) {
            NodeProto n = nodes.get(i);
            NodeProto.Builder nb = n.toBuilder();
            for (int k = 0; k < n.getInputCount(); k++) if (n.getInput(k).equals(input)) nb.setInput(k, signal);
            if (n.getOpType().equals("Conv")) {
                long[] kernel = ints(n, "kernel_shape");
                long[] strides = ints(n, "strides");
                if (kernel == null || kernel.length != 1 || kernel[0] != FRAME || strides == null || strides[0] != HOP) {
                    throw new IllegalArgumentException("STFT conv is not kernel 512, stride 160");
                }
                for (int a = 0; a < nb.getAttributeCount(); a++) {
                    if (nb.getAttribute(a).getName().equals("strides")) nb.setAttribute(a, nb.getAttribute(a).toBuilder().clearInts().addInts(FRAME));
                }
                convs++;
            }
            b.addNode(nb);
        }
        if (convs != 2) throw new IllegalArgumentException("expected the STFT's two convolutions");
        for (NodeProto c : constants) b.addNode(c);
        String perStep = "batched_per_step";
        b.addNode(node("Reshape", List.of(logMel, constant(b, counter, new long[] {-1, MEL_FRAMES_PER_STEP * MEL_BANDS})), perStep));
        b.addNode(node("ReduceMax", List.of(perStep), "batched_max").toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axes").setType(AttributeProto.AttributeType.INTS).addInts(1))
                .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT).setI(1)));
        b.addNode(node("Sub", List.of("batched_max", sub.getInput(1)), "batched_floor"));
        b.addNode(node("Max", List.of(perStep, "batched_floor"), "batched_floored"));
        b.addNode(node("Min", List.of("batched_floored", clip.getInput(2)), OUTPUT));
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue((long) MEL_FRAMES_PER_STEP * FRAME));
        b.addInput(ValueInfoProto.newBuilder().setName(FRAMES).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))));
        b.addOutput(ValueInfoProto.newBuilder().setName(OUTPUT));
        return new BatchedMelspectrogram(OrtEnvironment.getEnvironment().createSession(
                model.toBuilder().setGraph(b).build().toByteArray(), WakeWordModel.sessionOptions()));
    }

    /**
     * The unscaled mel frames (8 x 32 each, the model's own output) of {@code count} steps whose frames are back to
     * back in {@code frames} from step {@code first} (count x 8 x 512 samples).
     */
    void run(float[] frames, int first, int count, OpenWakeWordModels.Buffers buffers, float[] out) {
        int values = count * MEL_FRAMES_PER_STEP * FRAME;
        FloatBuffer in = buffers.input(values);
        in.put(frames, first * MEL_FRAMES_PER_STEP * FRAME, values).rewind();
        FloatBuffer result = buffers.output(count * MEL_FRAMES_PER_STEP * MEL_BANDS);
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {count, MEL_FRAMES_PER_STEP * FRAME});
                OnnxTensor o = OnnxTensor.createTensor(env, result, new long[] {count, MEL_FRAMES_PER_STEP * MEL_BANDS});
                OrtSession.Result r = session.run(Map.of(FRAMES, t), Map.of(OUTPUT, o))) {
            result.get(out, 0, count * MEL_FRAMES_PER_STEP * MEL_BANDS);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the batched melspectrogram model (" + count + " steps): " + e.getMessage(), e);
        }
    }

    /**
     * [first, end) of the frequency bins with a non-zero mel weight, or null when the weights are not plain raw
     * floats or every bin is used.
     */
    private static int[] usedBins(GraphProto g, String melWeights) {
        TensorProto w = g.getInitializerList().stream().filter(t -> t.getName().equals(melWeights)).findFirst().orElse(null);
        if (w == null || w.getDimsCount() != 2 || w.getDataType() != TensorProto.DataType.FLOAT.getNumber() || w.getRawData().isEmpty()) return null;
        int binCount = (int) w.getDims(0);
        int bands = (int) w.getDims(1);
        FloatBuffer f = w.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int first = binCount;
        int end = 0;
        for (int r = 0; r < binCount; r++) {
            for (int c = 0; c < bands; c++) {
                if (f.get(r * bands + c) != 0f) {
                    first = Math.min(first, r);
                    end = Math.max(end, r + 1);
                }
            }
        }
        return first >= end || (first == 0 && end == binCount) ? null : new int[] {first, end};
    }

    /** Rows [first, end) of the first dimension of a raw float tensor. */
    private static TensorProto rows(TensorProto t, int first, int end) {
        if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber() || t.getRawData().isEmpty()) throw new IllegalArgumentException(t.getName() + " is not raw floats");
        long rowValues = 1;
        for (int d = 1; d < t.getDimsCount(); d++) rowValues *= t.getDims(d);
        int bytes = (int) rowValues * Float.BYTES;
        return t.toBuilder().setDims(0, end - first).setRawData(t.getRawData().substring(first * bytes, end * bytes)).build();
    }

    private static String constant(GraphProto.Builder g, int[] counter, long[] values) {
        String name = "batched_const_" + counter[0]++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) t.addInt64Data(v);
        g.addInitializer(t);
        return name;
    }

    private static NodeProto node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output + "_node").addAllInput(inputs).addOutput(output).build();
    }

    private static long[] ints(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        return null;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Closing: nothing more to report.
        }
    }
}
