package io.wakestream.engine.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An openWakeWord head exported with a fixed batch of 1, made to take a batch. openWakeWord's heads are small fully
 * connected networks whose every operation works row by row; some end in an {@code If} on the window's score that
 * runs a second "verifier" network when the score passes a threshold. Here the batch dimension becomes symbolic and
 * such an {@code If} becomes a {@code Where} over both branches, computed for every row. {@link OpenWakeWordModels}
 * checks at load that it gives the one-window model's bits and does not use it otherwise.
 */
final class BatchedHead {
    private BatchedHead() {}

    /** The batched session, or IllegalArgumentException when the graph is not as described. */
    static OrtSession load(Path head) throws IOException, OrtException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(head));
        GraphProto g = model.getGraph();
        GraphProto.Builder b = g.toBuilder().clearNode().clearValueInfo();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Loop") || n.getOpType().equals("Scan")) throw new IllegalArgumentException("unexpected " + n.getOpType());
            if (!n.getOpType().equals("If")) {
                b.addNode(n);
                continue;
            }
            GraphProto then = null;
            GraphProto otherwise = null;
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("then_branch")) then = a.getG();
                if (a.getName().equals("else_branch")) otherwise = a.getG();
            }
            if (then == null || otherwise == null || then.getOutputCount() != 1 || otherwise.getOutputCount() != 1 || n.getOutputCount() != 1
                    || then.getInitializerCount() > 0 || otherwise.getInitializerCount() > 0) {
                throw new IllegalArgumentException("If node " + n.getName() + " is not a one-output choice");
            }
            for (NodeProto x : then.getNodeList()) b.addNode(x);
            for (NodeProto x : otherwise.getNodeList()) b.addNode(x);
            b.addNode(NodeProto.newBuilder().setOpType("Where").setName(n.getName() + "_rows").addInput(n.getInput(0))
                    .addInput(then.getOutput(0).getName()).addInput(otherwise.getOutput(0).getName()).addOutput(n.getOutput(0)));
        }
        for (int i = 0; i < b.getInputCount(); i++) batchSymbolic(b.getInputBuilder(i));
        for (int i = 0; i < b.getOutputCount(); i++) batchSymbolic(b.getOutputBuilder(i));
        return OrtEnvironment.getEnvironment().createSession(model.toBuilder().setGraph(b).build().toByteArray(), WakeWordModel.sessionOptions());
    }

    private static void batchSymbolic(ValueInfoProto.Builder v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) return;
        TensorShapeProto.Builder shape = v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        if (shape.getDimCount() > 0) shape.getDimBuilder(0).clearDimValue().setDimParam("N");
    }
}
