package io.wakestream.engine.model;

import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * openWakeWord's embedding model run incrementally. Its layers are convolutions that are "valid" along time
 * (no padding), with three 2x2 max-pools: a window's output is a translation-equivariant function of its 76 mel
 * frames with a total time stride of 8, and consecutive windows are 8 frames apart. So the rows each layer holds for
 * one window are the previous window's shifted by one step: a step only needs each layer's new rows (8, 4, 2, 1
 * at the successive strides), computed from the new rows below plus the 2 rows of history that a 3-tall kernel
 * reaches back. That is 5.6M multiply-adds per step instead of 42M per window.
 *
 * <p>Two graphs are derived from the model file at load: {@code prime} is the whole model on full windows plus each
 * 3-tall convolution's last 2 input rows (a stream's history); {@code step} takes the last 10 mel frames and the
 * history and gives the embedding and the next history. Each convolution computes the same dot products in the same
 * order either way; {@link OpenWakeWordModels} checks at load, on its warm-up windows, that the step graph gives
 * the whole model's bits, and does not use it otherwise.
 */
public final class IncrementalEmbedding implements AutoCloseable {
    /** Mel frames the step graph takes: a step's 8 and the 2 before them that the first 3x3 kernel reaches. */
    public static final int TAIL_FRAMES = MEL_FRAMES_PER_STEP + 2;
    private static final String STEP_MEL = "mel_tail";
    private static final String HISTORY = "history";
    private static final String HISTORY_OUT = "history_out";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession prime;
    private final OrtSession step;
    private final String primeInput;
    private final String embeddingOutput;
    private final int historySize;

    private IncrementalEmbedding(OrtSession prime, OrtSession step, String primeInput, String embeddingOutput, int historySize) {
        this.prime = prime;
        this.step = step;
        this.primeInput = primeInput;
        this.embeddingOutput = embeddingOutput;
        this.historySize = historySize;
    }

    /** Floats of history per stream. */
    public int historySize() {
        return historySize;
    }

    /**
     * Derives both graphs from {@code embeddingModel}; throws IllegalArgumentException when the model is not the
     * layer structure described above (the caller then runs the whole model per window).
     */
    static IncrementalEmbedding load(Path embeddingModel) throws IOException, OrtException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(embeddingModel));
        GraphProto g = model.getGraph();
        if (g.getInputCount() != 1 || g.getOutputCount() != 1) throw new IllegalArgumentException("expected one input and one output");
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) init.put(t.getName(), t);
        String input = g.getInput(0).getName();
        String output = g.getOutput(0).getName();

        GraphProto.Builder primeGraph = g.toBuilder().setName("embedding_prime");
        GraphProto.Builder stepGraph = GraphProto.newBuilder().setName("embedding_step");
        for (TensorProto t : g.getInitializerList()) {
            // The first Reshape's shape is replaced by the step's own.
            boolean firstShape = g.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Reshape") && n.getInput(0).equals(g.getInput(0).getName()) && n.getInput(1).equals(t.getName()));
            if (!firstShape) stepGraph.addInitializer(t);
        }
        List<String> primeHistories = new ArrayList<>();
        List<String> stepHistories = new ArrayList<>();
        int channels = 1;
        int width = MEL_BANDS;
        int rows = MEL_FRAMES_PER_STEP; // new rows per step at the current stride
        int offset = 0;
        int convs = 0;
        int[] counter = {0};
        for (NodeProto n : g.getNodeList()) {
            switch (n.getOpType()) {
                case "Reshape" -> {
                    if (n.getInput(0).equals(input)) {
                        // [N, 76, 32, 1] -> [N, 1, 76, 32]: in the step graph [N, 10, 32] -> [N, 1, 10, 32].
                        String shape = constant(stepGraph, counter, new long[] {-1, 1, TAIL_FRAMES, MEL_BANDS});
                        stepGraph.addNode(node("Reshape", counter, List.of(STEP_MEL, shape), n.getOutput(0)));
                    } else {
                        stepGraph.addNode(n);
                    }
                }
                case "Conv" -> {
                    TensorProto w = init.get(n.getInput(1));
                    if (w == null || w.getDimsCount() != 4) throw new IllegalArgumentException("conv weights not an initializer");
                    int out = (int) w.getDims(0);
                    int kh = (int) w.getDims(2);
                    int kw = (int) w.getDims(3);
                    long[] pads = attrInts(n, "pads", new long[] {0, 0, 0, 0});
                    long[] strides = attrInts(n, "strides", new long[] {1, 1});
                    if (pads[0] != 0 || pads[2] != 0 || strides[0] != 1 || strides[1] != 1 || (kh != 1 && kh != 3)) {
                        throw new IllegalArgumentException("conv " + n.getName() + " is not valid along time with stride 1");
                    }
                    if (kh == 3 && convs > 0) {
                        int size = channels * 2 * width;
                        // prime: the last 2 rows of this conv's input, flattened.
                        String last = slice(primeGraph, counter, n.getInput(0), -2, Integer.MAX_VALUE, 2);
                        primeHistories.add(reshape(primeGraph, counter, last, new long[] {-1, size}));
                        // step: history rows, then the new rows, into the conv; the last 2 of them are the next history.
                        String flat = slice(stepGraph, counter, HISTORY, offset, offset + size, 1);
                        String hist = reshape(stepGraph, counter, flat, new long[] {-1, channels, 2, width});
                        String x = "incremental_" + counter[0]++;
                        stepGraph.addNode(node("Concat", counter, List.of(hist, n.getInput(0)), x).toBuilder()
                                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(2)));
                        String next = slice(stepGraph, counter, x, -2, Integer.MAX_VALUE, 2);
                        stepHistories.add(reshape(stepGraph, counter, next, new long[] {-1, size}));
                        stepGraph.addNode(n.toBuilder().setInput(0, x));
                        offset += size;
                    } else {
                        stepGraph.addNode(n);
                    }
                    channels = out;
                    width = (int) (width + pads[1] + pads[3] - kw + 1);
                    convs++;
                }
                case "MaxPool" -> {
                    long[] k = attrInts(n, "kernel_shape", null);
                    long[] s = attrInts(n, "strides", k);
                    if (k == null || k[0] != s[0] || k[1] != s[1] || rows % k[0] != 0) throw new IllegalArgumentException("pool " + n.getName() + " does not tile a step's rows");
                    rows /= (int) k[0];
                    width /= (int) k[1];
                    stepGraph.addNode(n);
                }
                case "LeakyRelu", "Max", "Relu" -> stepGraph.addNode(n);
                default -> throw new IllegalArgumentException("unexpected " + n.getOpType() + " node");
            }
        }
        if (rows != 1 || primeHistories.isEmpty()) throw new IllegalArgumentException("time stride is not one step");
        primeGraph.addNode(node("Concat", counter, primeHistories, HISTORY_OUT).toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
        primeGraph.addOutput(ValueInfoProto.newBuilder().setName(HISTORY_OUT));
        stepGraph.addNode(node("Concat", counter, stepHistories, HISTORY_OUT).toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
        stepGraph.addInput(floatInput(STEP_MEL, TAIL_FRAMES, MEL_BANDS));
        stepGraph.addInput(floatInput(HISTORY, offset));
        stepGraph.addOutput(g.getOutput(0));
        stepGraph.addOutput(ValueInfoProto.newBuilder().setName(HISTORY_OUT));

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession p = null;
        try {
            p = env.createSession(model.toBuilder().setGraph(primeGraph).build().toByteArray(), WakeWordModel.sessionOptions());
            OrtSession s = env.createSession(model.toBuilder().setGraph(stepGraph).build().toByteArray(), WakeWordModel.sessionOptions());
            return new IncrementalEmbedding(p, s, input, output, offset);
        } catch (OrtException | RuntimeException e) {
            if (p != null) p.close();
            throw e;
        }
    }

    /**
     * The whole model on {@code count} windows of 76 x 32 mel frames: their embeddings (count x 96) and histories
     * (count x historySize).
     */
    public void prime(float[] windows, int count, OpenWakeWordModels.Buffers buffers, float[] embeddings, float[] histories) {
        int values = count * EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        FloatBuffer in = buffers.input(values);
        in.put(windows, 0, values).rewind();
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {count, EMBEDDING_WINDOW_FRAMES, MEL_BANDS, 1});
                OrtSession.Result r = prime.run(Map.of(primeInput, t))) {
            read(r, count, embeddings, histories);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the embedding model (" + count + " windows): " + e.getMessage(), e);
        }
    }

    /**
     * One step of {@code count} streams: their last 10 mel frames (count x 10 x 32) and histories -> embeddings
     * (count x 96) and next histories (written over {@code histories}).
     */
    public void step(float[] tails, float[] histories, int count, OpenWakeWordModels.Buffers buffers, float[] embeddings) {
        for (int start = 0; start < count; start += STEP_CALL_STREAMS) {
            stepCall(tails, histories, null, start, Math.min(STEP_CALL_STREAMS, count - start), buffers, embeddings);
        }
    }

    /**
     * {@link #step(float[], float[], int, OpenWakeWordModels.Buffers, float[])} with each stream's history in its own
     * array ({@code histories[k]}, historySize long), read and overwritten in place: no gathering copies.
     */
    public void step(float[] tails, float[][] histories, int count, OpenWakeWordModels.Buffers buffers, float[] embeddings) {
        for (int start = 0; start < count; start += STEP_CALL_STREAMS) {
            stepCall(tails, null, histories, start, Math.min(STEP_CALL_STREAMS, count - start), buffers, embeddings);
        }
    }

    /**
     * Most streams per call: thread CPU per stream-step on the 2-core EPYC was 165 us at 16, 177 at 32 (compute
     * only), so larger batches are cut.
     */
    static final int STEP_CALL_STREAMS = 16;

    private void stepCall(float[] tails, float[] histories, float[][] each, int first, int count, OpenWakeWordModels.Buffers buffers, float[] embeddings) {
        int tail = TAIL_FRAMES * MEL_BANDS;
        FloatBuffer mel = buffers.input(count * tail);
        mel.put(tails, first * tail, count * tail).rewind();
        FloatBuffer hist = buffers.secondInput(count * historySize);
        if (each == null) {
            hist.put(histories, first * historySize, count * historySize);
        } else {
            for (int k = first; k < first + count; k++) hist.put(each[k], 0, historySize);
        }
        hist.rewind();
        // Outputs into pinned native buffers: no per-call copies of the histories (37 KB per stream) on the heap.
        FloatBuffer embOut = buffers.output(count * EMBEDDING_SIZE);
        FloatBuffer histOut = buffers.secondOutput(count * historySize);
        try (OnnxTensor m = OnnxTensor.createTensor(env, mel, new long[] {count, TAIL_FRAMES, MEL_BANDS});
                OnnxTensor h = OnnxTensor.createTensor(env, hist, new long[] {count, historySize});
                OnnxTensor eo = OnnxTensor.createTensor(env, embOut, new long[] {count, 1, 1, EMBEDDING_SIZE});
                OnnxTensor ho = OnnxTensor.createTensor(env, histOut, new long[] {count, historySize});
                OrtSession.Result r = step.run(Map.of(STEP_MEL, m, HISTORY, h), Map.of(embeddingOutput, eo, HISTORY_OUT, ho))) {
            embOut.get(embeddings, first * EMBEDDING_SIZE, count * EMBEDDING_SIZE);
            if (each == null) {
                histOut.get(histories, first * historySize, count * historySize);
            } else {
                for (int k = first; k < first + count; k++) histOut.get(each[k], 0, historySize);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the incremental embedding model (" + count + " steps): " + e.getMessage(), e);
        }
    }

    private void read(OrtSession.Result r, int count, float[] embeddings, float[] histories) {
        FloatBuffer e = ((OnnxTensor) r.get(embeddingOutput).orElseThrow()).getFloatBuffer();
        if (e.remaining() != count * EMBEDDING_SIZE) throw new IllegalStateException("embedding output of " + e.remaining() + " values for " + count);
        e.get(embeddings, 0, count * EMBEDDING_SIZE);
        FloatBuffer h = ((OnnxTensor) r.get(HISTORY_OUT).orElseThrow()).getFloatBuffer();
        h.get(histories, 0, count * historySize);
    }

    private static String constant(GraphProto.Builder g, int[] counter, long[] values) {
        String name = "incremental_const_" + counter[0]++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) t.addInt64Data(v);
        g.addInitializer(t);
        return name;
    }

    private static String slice(GraphProto.Builder g, int[] counter, String in, long start, long end, long axis) {
        String out = "incremental_" + counter[0]++;
        g.addNode(node("Slice", counter, List.of(in, constant(g, counter, new long[] {start}), constant(g, counter, new long[] {end}),
                constant(g, counter, new long[] {axis})), out));
        return out;
    }

    private static String reshape(GraphProto.Builder g, int[] counter, String in, long[] shape) {
        String out = "incremental_" + counter[0]++;
        g.addNode(node("Reshape", counter, List.of(in, constant(g, counter, shape)), out));
        return out;
    }

    private static NodeProto node(String op, int[] counter, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName("incremental_node_" + counter[0]++).addAllInput(inputs).addOutput(output).build();
    }

    private static long[] attrInts(NodeProto n, String name, long[] otherwise) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        return otherwise;
    }

    private static ValueInfoProto floatInput(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }

    @Override
    public void close() {
        try {
            prime.close();
            step.close();
        } catch (OrtException ignored) {
            // Closing: nothing more to report.
        }
    }
}
