package io.wakestream.trainer.nn;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One ONNX model that gives the mean of several models' scores: every member's graph, side by side on the one input,
 * then {@code Sum} and a multiplication by 1/n into the output.
 *
 * <p>Why: networks trained apart (another batch size, weight average or number of epochs) make different mistakes,
 * and the mean of two can separate the wake phrase from everything else better than either, above all in noise
 * (for "jarvis" the README measures it: "An average of two networks"). One file is the whole model for anyone who
 * runs it without this engine, and what every exact score (evaluation) comes from; the trainer also keeps the members
 * beside it, so the engine can run the later ones only where a detection can come of it.
 *
 * <p>Members must take the same input tensor and give the same output tensor (names and shapes; that each is a
 * probability, so that their mean is one, is for the caller to know: the trainer checks the manifests); each
 * member's other names get a prefix of its own ({@code m0/}, {@code m1/}...), so graphs made by one exporter, with
 * the same node and weight names, do not collide. The first member's opset, IR version and metadata are kept.
 */
public final class OnnxEnsemble {
    private OnnxEnsemble() {}

    /** Reads the members' files and writes their mean as {@value OnnxExporter#MODEL_FILE} in {@code directory}. */
    public static Path write(List<Path> members, Path directory) throws IOException {
        List<ModelProto> models = new ArrayList<>();
        for (Path m : members) models.add(ModelProto.parseFrom(Files.readAllBytes(m)));
        return OnnxExporter.write(mean(models, members.stream().map(Path::toString).toList()), directory);
    }

    /**
     * The mean of {@code members}' outputs as one model.
     *
     * @param names what to call each member in an error (its file, say)
     * @throws IllegalArgumentException fewer than two members, or one whose input or output differs from the first's
     */
    public static ModelProto mean(List<ModelProto> members, List<String> names) {
        if (members.size() < 2) throw new IllegalArgumentException("an ensemble needs at least two models, not " + members.size());
        GraphProto first = members.get(0).getGraph();
        if (first.getInputCount() != 1 || first.getOutputCount() != 1) {
            throw new IllegalArgumentException(names.get(0) + " has " + first.getInputCount() + " inputs and "
                    + first.getOutputCount() + " outputs; an ensemble member has one of each");
        }
        ValueInfoProto input = first.getInput(0);
        ValueInfoProto output = first.getOutput(0);
        GraphProto.Builder g = GraphProto.newBuilder().setName("ensemble of " + members.size())
                .addInput(input).addOutput(output);
        List<String> outputs = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            GraphProto m = members.get(k).getGraph();
            if (m.getInputCount() != 1 || !m.getInput(0).equals(input)) {
                throw new IllegalArgumentException(names.get(k) + " takes " + describe(m.getInputList()) + ", not "
                        + describe(List.of(input)) + " as " + names.get(0) + " does");
            }
            if (m.getOutputCount() != 1 || !m.getOutput(0).equals(output)) {
                throw new IllegalArgumentException(names.get(k) + " gives " + describe(m.getOutputList()) + ", not "
                        + describe(List.of(output)) + " as " + names.get(0) + " does");
            }
            String prefix = "m" + k + "/";
            UnaryOperator<String> rename = s -> s.isEmpty() || s.equals(input.getName()) ? s : prefix + s;
            for (NodeProto n : m.getNodeList()) {
                NodeProto.Builder b = n.toBuilder().setName(rename.apply(n.getName()));
                for (int i = 0; i < b.getInputCount(); i++) b.setInput(i, rename.apply(b.getInput(i)));
                for (int i = 0; i < b.getOutputCount(); i++) b.setOutput(i, rename.apply(b.getOutput(i)));
                g.addNode(b);
            }
            for (TensorProto t : m.getInitializerList()) g.addInitializer(t.toBuilder().setName(rename.apply(t.getName())));
            for (ValueInfoProto v : m.getValueInfoList()) g.addValueInfo(v.toBuilder().setName(rename.apply(v.getName())));
            outputs.add(rename.apply(output.getName()));
        }
        g.addInitializer(TensorProto.newBuilder().setName("ensemble/weight")
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).addFloatData(1f / members.size()));
        g.addNode(NodeProto.newBuilder().setOpType("Sum").setName("ensemble/sum").addAllInput(outputs).addOutput("ensemble/sum"));
        g.addNode(NodeProto.newBuilder().setOpType("Mul").setName("ensemble/mean").addInput("ensemble/sum")
                .addInput("ensemble/weight").addOutput(output.getName()));
        return members.get(0).toBuilder().setGraph(g).build();
    }

    private static String describe(List<ValueInfoProto> values) {
        return values.stream().map(v -> "'" + v.getName() + "' " + v.getType().getTensorType().getShape().getDimList()
                .stream().map(d -> d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue())).toList()).toList().toString();
    }
}
