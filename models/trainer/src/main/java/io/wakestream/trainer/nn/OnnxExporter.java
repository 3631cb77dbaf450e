package io.wakestream.trainer.nn;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a trained {@link KwsNetwork} as an ONNX model built directly from the protobuf classes
 * (no Python, no DJL export support needed).
 *
 * <p>Graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}, both accepted by ONNX
 * Runtime 1.20):
 *
 * <pre>
 *   features [N,1,T,C] [-&gt; minus ReduceMean over T] -&gt; (Conv -&gt; Relu) per conv unit -&gt; Flatten(axis=1)
 *     -&gt; Gemm(transB=1) -&gt; Sigmoid -&gt; score [N,1]
 * </pre>
 *
 * <p>BatchNorm is <b>folded</b> into the preceding convolution using the running statistics:
 * {@code W' = W * g/sqrt(v+eps)} per output channel and {@code b' = beta - m * g/sqrt(v+eps)}. This
 * is exactly inference-mode BatchNorm, drops one op per layer for the streaming scorer, and is
 * computed in double precision so it adds no measurable error. Dropout is the identity at
 * inference and is omitted. Depthwise convolutions are plain {@code Conv} with {@code group =
 * channels}; DJL's weight layout {@code [out, in/groups, kh, kw]} is already ONNX's. DJL's Linear
 * weight is {@code [out, in]}, hence {@code Gemm} with {@code transB=1}.
 *
 * <p>The batch dimension is symbolic ({@code dim_param "N"}) on input and output.
 */
public final class OnnxExporter {

    /** File name written into the export folder. */
    public static final String MODEL_FILE = "model.onnx";

    /** Value of {@code producer_name}. */
    public static final String PRODUCER = "wakestream-trainer";

    /** ONNX default-domain operator set. */
    public static final int OPSET = 13;

    /** ONNX IR version (8 = the 2021-07-30 IR, onnx 1.10+). */
    public static final int IR_VERSION = 8;

    /** Name of the symbolic batch dimension. */
    public static final String BATCH_DIM = "N";

    private OnnxExporter() {}

    /**
     * Writes {@value #MODEL_FILE} into {@code directory} (created if missing).
     *
     * @param network trained network
     * @param directory output folder
     * @return path of the written model
     * @throws IOException if writing fails
     */
    public static Path export(KwsNetwork network, Path directory) throws IOException {
        return export(network, directory, Map.of());
    }

    /**
     * Writes {@value #MODEL_FILE} into {@code directory} with extra metadata (for example the
     * feature extraction settings or a tuned threshold). The file appears atomically where the
     * file system allows, so a scorer watching the folder never reads half a model.
     *
     * @param network trained network
     * @param directory output folder
     * @param metadata extra {@code metadata_props}; override the built-in keys on collision
     * @return path of the written model
     * @throws IOException if writing fails
     */
    public static Path export(KwsNetwork network, Path directory, Map<String, String> metadata) throws IOException {
        return write(toModelProto(network, metadata), directory);
    }

    /** Writes {@code model} as {@value #MODEL_FILE} into {@code directory} (created if missing), atomically where it can. */
    static Path write(ModelProto model, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(MODEL_FILE);
        Path temp = Files.createTempFile(directory, MODEL_FILE, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                model.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /**
     * Builds the ONNX model in memory.
     *
     * @param network trained network
     * @param metadata extra {@code metadata_props}
     * @return the model
     */
    public static ModelProto toModelProto(KwsNetwork network, Map<String, String> metadata) {
        KwsNetworkConfig config = network.config();
        GraphProto.Builder graph = GraphProto.newBuilder().setName("wakestream_kws");
        // A fully connected head takes [N, T, C], the layout of openWakeWord's heads; the DS-CNN [N, 1, T, C].
        graph.addInput(config.fullyConnected()
                ? tensorInfo(KwsNetwork.INPUT_NAME, BATCH_DIM, config.frames(), config.coefficients())
                : tensorInfo(KwsNetwork.INPUT_NAME, BATCH_DIM, 1, config.frames(), config.coefficients()));
        graph.addOutput(tensorInfo(KwsNetwork.OUTPUT_NAME, BATCH_DIM, 1));

        String x = KwsNetwork.INPUT_NAME;
        if (config.windowMeanRemoved()) {
            graph.addNode(node("ReduceMean", "window_mean", new String[] {x}, "window_mean")
                    .addAttribute(intsAttr("axes", 2)).addAttribute(intAttr("keepdims", 1)));
            graph.addNode(node("Sub", "window_mean_removal", new String[] {x, "window_mean"}, "centred"));
            x = "centred";
        }
        for (KwsNetwork.ConvUnit unit : network.convUnits()) {
            x = addConvUnit(graph, unit, x);
        }

        graph.addNode(node("Flatten", "flatten", new String[] {x}, "flat").addAttribute(intAttr("axis", 1)));
        String features = "flat";
        int inputs = config.flattenedSize();
        int[] hidden = config.hidden();
        for (int i = 0; i < hidden.length; i++) {
            String name = "hidden" + i;
            graph.addInitializer(tensor(name + ".weight", KwsNetwork.values(network.hiddenLayers().get(i), "weight"), hidden[i], inputs));
            graph.addInitializer(tensor(name + ".bias", KwsNetwork.values(network.hiddenLayers().get(i), "bias"), hidden[i]));
            graph.addNode(node("Gemm", name, new String[] {features, name + ".weight", name + ".bias"}, name + ".linear")
                    .addAttribute(intAttr("transB", 1)));
            graph.addNode(node("Relu", name + ".relu", new String[] {name + ".linear"}, name + ".out"));
            features = name + ".out";
            inputs = hidden[i];
        }
        float[] weight = KwsNetwork.values(network.classifier(), "weight");
        float[] bias = KwsNetwork.values(network.classifier(), "bias");
        graph.addInitializer(tensor("classifier.weight", weight, 1, inputs));
        graph.addInitializer(tensor("classifier.bias", bias, 1));
        graph.addNode(node("Gemm", "classifier", new String[] {features, "classifier.weight", "classifier.bias"}, "logit")
                .addAttribute(intAttr("transB", 1)));
        graph.addNode(node("Sigmoid", "sigmoid", new String[] {"logit"}, KwsNetwork.OUTPUT_NAME));

        Map<String, String> props = new LinkedHashMap<>();
        props.put("input", KwsNetwork.INPUT_NAME);
        props.put("output", KwsNetwork.OUTPUT_NAME);
        props.put("frames", Integer.toString(config.frames()));
        props.put("coefficients", Integer.toString(config.coefficients()));
        props.put("channels", Arrays.toString(config.channels()));
        props.put("hidden", Arrays.toString(config.hidden()));
        props.put("window_mean_removed", Boolean.toString(config.windowMeanRemoved()));
        props.put("multiply_adds", Long.toString(config.multiplyAdds()));
        props.put("parameters", Long.toString(config.parameterCount()));
        props.putAll(metadata);

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion())
                .setDomain("io.wakestream")
                .setModelVersion(1)
                .setDocString(config.fullyConnected()
                        ? "Wakestream wake-word head over openWakeWord speech embeddings. Input '" + KwsNetwork.INPUT_NAME
                                + "' float32 [N," + config.frames() + "," + config.coefficients() + "] (embeddings, oldest first); output '"
                                + KwsNetwork.OUTPUT_NAME + "' float32 [N,1], probability of the wake phrase."
                        : "Wakestream keyword-spotting DS-CNN. Input '" + KwsNetwork.INPUT_NAME
                                + "' float32 [N,1," + config.frames() + "," + config.coefficients()
                                + "] (MFCC window, time-major); output '" + KwsNetwork.OUTPUT_NAME
                                + "' float32 [N,1], probability of the wake phrase. BatchNorm folded into Conv.")
                .setGraph(graph);
        props.forEach((k, v) -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /** Emits Conv (BatchNorm folded in) and Relu; returns the output value name. */
    private static String addConvUnit(GraphProto.Builder graph, KwsNetwork.ConvUnit unit, String input) {
        ConvLayerSpec s = unit.spec();
        float[] w = KwsNetwork.values(unit.conv(), "weight");
        float[] gamma = KwsNetwork.values(unit.norm(), "gamma");
        float[] beta = KwsNetwork.values(unit.norm(), "beta");
        float[] mean = KwsNetwork.values(unit.norm(), "runningMean");
        float[] var = KwsNetwork.values(unit.norm(), "runningVar");
        int perFilter = w.length / s.outChannels();
        float[] foldedW = new float[w.length];
        float[] foldedB = new float[s.outChannels()];
        for (int o = 0; o < s.outChannels(); o++) {
            double scale = gamma[o] / Math.sqrt((double) var[o] + KwsNetwork.BATCH_NORM_EPSILON);
            for (int k = 0; k < perFilter; k++) {
                foldedW[o * perFilter + k] = (float) (w[o * perFilter + k] * scale);
            }
            foldedB[o] = (float) (beta[o] - mean[o] * scale);
        }
        String name = s.name();
        graph.addInitializer(tensor(name + ".weight", foldedW,
                s.outChannels(), s.inChannels() / s.groups(), s.kernelH(), s.kernelW()));
        graph.addInitializer(tensor(name + ".bias", foldedB, s.outChannels()));
        graph.addNode(node("Conv", name, new String[] {input, name + ".weight", name + ".bias"}, name + ".conv")
                .addAttribute(intsAttr("kernel_shape", s.kernelH(), s.kernelW()))
                .addAttribute(intsAttr("strides", s.strideH(), s.strideW()))
                // ONNX pads: [begin_h, begin_w, end_h, end_w]
                .addAttribute(intsAttr("pads", s.padH(), s.padW(), s.padH(), s.padW()))
                .addAttribute(intsAttr("dilations", 1, 1))
                .addAttribute(intAttr("group", s.groups())));
        graph.addNode(node("Relu", name + "_relu", new String[] {name + ".conv"}, name + ".relu"));
        return name + ".relu";
    }

    private static NodeProto.Builder node(String op, String name, String[] inputs, String output) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String in : inputs) {
            node.addInput(in);
        }
        return node;
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** Float tensor stored as little-endian raw_data, as the ONNX spec requires. */
    private static TensorProto tensor(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalStateException(name + ": " + values.length + " values for dims " + Arrays.toString(dims));
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** Float tensor type; a String dimension is symbolic, an Integer fixed. */
    private static ValueInfoProto tensorInfo(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String param) {
                dim.setDimParam(param);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
