package io.wakestream.pipeline;

import io.wakestream.engine.model.InputLayout;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copied from the engine's tests (test classes are not shared between modules). Writes tiny real ONNX models for tests, protobuf-encoded by hand (field numbers from onnx.proto), so the
 * engine can be tested through ONNX Runtime without a Python toolchain or a checked-in binary.
 *
 * <p>The model: {@code score = mean(input * W) + bias}, reshaped to [N, 1], where W has the input's
 * non-batch shape. W is given as [frames][coefficients] and laid out to match the input layout, so every layout
 * computes the same function of a window, and a wrong transposition shows up as a wrong score.
 */
public final class TinyOnnx {
    private TinyOnnx() {}

    /** Writes {@code dir/model.onnx} and {@code dir/manifest.json}. */
    public static void writeModelFolder(Path dir, ModelManifest manifest, float[][] weights, float bias) throws Exception {
        manifest.write(dir);
        Files.write(dir.resolve(WakeWordModel.ONNX_FILE), model(manifest.input().name(), manifest.output().name(),
                manifest.input().layout(), weights, bias, false, null));
    }

    /**
     * @param fixedBatch if true the batch dimension is fixed at 1 instead of symbolic
     * @param declaredInputShape if not null, the input shape to declare (non-batch dims; may disagree with W)
     */
    public static byte[] model(String inputName, String outputName, InputLayout layout, float[][] w, float bias,
            boolean fixedBatch, long[] declaredInputShape) {
        int frames = w.length, coeffs = w[0].length;
        long[] inShape;
        float[] wData;
        switch (layout) {
            case N1TC -> {
                inShape = new long[] {1, frames, coeffs};
                wData = flatten(w, false);
            }
            case NTC -> {
                inShape = new long[] {frames, coeffs};
                wData = flatten(w, false);
            }
            default -> {
                inShape = new long[] {coeffs, frames};
                wData = flatten(w, true);
            }
        }
        long[] wDims = layout == InputLayout.NCT ? new long[] {coeffs, frames} : new long[] {frames, coeffs};
        long[] axes = new long[inShape.length];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
        if (declaredInputShape != null) inShape = declaredInputShape;

        Proto graph = new Proto()
                .message(1, node("Mul", new String[] {inputName, "W"}, "weighted"))
                .message(1, node("ReduceMean", new String[] {"weighted"}, "mean")
                        .message(5, new Proto().string(1, "axes").varint(20, 7).ints(8, axes))
                        .message(5, new Proto().string(1, "keepdims").varint(20, 2).varint(3, 0)))
                .message(1, node("Add", new String[] {"mean", "bias"}, "biased"))
                .message(1, node("Reshape", new String[] {"biased", "shape"}, outputName))
                .string(2, "tiny")
                .message(5, floatTensor("W", wDims, wData))
                .message(5, floatTensor("bias", new long[0], new float[] {bias}))
                .message(5, longTensor("shape", new long[] {2}, new long[] {-1, 1}))
                .message(11, valueInfo(inputName, fixedBatch, inShape))
                .message(12, valueInfo(outputName, fixedBatch, new long[] {1}));
        Proto model = new Proto()
                .varint(1, 7) // ir_version
                .string(2, "wakestream-test")
                .message(7, graph)
                .message(8, new Proto().varint(2, 13)); // opset_import: default domain, opset 13
        return model.bytes();
    }

    /** What the model computes for one window (frames x coefficients, row-major), in double. */
    public static double expected(float[] window, float[][] w, float bias, boolean logit) {
        int frames = w.length, coeffs = w[0].length;
        double sum = 0;
        for (int t = 0; t < frames; t++) for (int c = 0; c < coeffs; c++) sum += (double) window[t * coeffs + c] * w[t][c];
        double v = sum / (frames * coeffs) + bias;
        return logit ? 1 / (1 + Math.exp(-v)) : v;
    }

    private static float[] flatten(float[][] w, boolean transpose) {
        int frames = w.length, coeffs = w[0].length;
        float[] out = new float[frames * coeffs];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < coeffs; c++) {
                if (transpose) out[c * frames + t] = w[t][c];
                else out[t * coeffs + c] = w[t][c];
            }
        }
        return out;
    }

    private static Proto node(String op, String[] inputs, String output) {
        Proto n = new Proto();
        for (String i : inputs) n.string(1, i);
        return n.string(2, output).string(3, op + "_" + output).string(4, op);
    }

    private static Proto floatTensor(String name, long[] dims, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) b.putFloat(f);
        Proto t = new Proto();
        for (long d : dims) t.varint(1, d);
        return t.varint(2, 1).string(8, name).bytes(9, b.array());
    }

    private static Proto longTensor(String name, long[] dims, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) b.putLong(v);
        Proto t = new Proto();
        for (long d : dims) t.varint(1, d);
        return t.varint(2, 7).string(8, name).bytes(9, b.array());
    }

    private static Proto valueInfo(String name, boolean fixedBatch, long[] dims) {
        Proto shape = new Proto();
        shape.message(1, fixedBatch ? new Proto().varint(1, 1) : new Proto().string(2, "N"));
        for (long d : dims) shape.message(1, new Proto().varint(1, d));
        Proto tensorType = new Proto().varint(1, 1).message(2, shape); // elem_type FLOAT
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** Minimal protobuf writer. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        Proto ints(int field, long[] values) {
            for (long v : values) varint(field, v);
            return this;
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
