package io.wakestream.trainer.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The keyword-spotting DS-CNN as a DJL block, plus the layer list that {@link OnnxExporter}
 * walks.
 *
 * <p>Input: {@code [N, 1, T, C]} float32 (NCHW, time as height). Output of the block: one logit
 * per window {@code [N, 1]}; {@link #predict(float[][])} applies the sigmoid, like the exported
 * model does.
 *
 * <p>Owns a DJL {@link Model} and its native memory: close it. Not thread-safe, except that {@link #predict}
 * and {@link #logits} may run on several threads at once while nothing trains (they only read the parameters,
 * as DJL's predictors sharing one model do).
 */
public final class KwsNetwork implements AutoCloseable {

    /** Name of the input tensor in the exported model. */
    public static final String INPUT_NAME = "features";

    /** Name of the output tensor (probability of the wake phrase) in the exported model. */
    public static final String OUTPUT_NAME = "score";

    /** BatchNorm epsilon; the exporter folds BatchNorm with the same value. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /** DJL convention: running = momentum * running + (1 - momentum) * batch (PyTorch's 0.1). */
    static final float BATCH_NORM_MOMENTUM = 0.9f;

    private static final int PREDICT_CHUNK = 512;

    /**
     * One convolution with the BatchNorm that follows it (ReLU follows both).
     *
     * @param spec geometry of the convolution
     * @param conv the DJL convolution (no bias: BatchNorm's beta replaces it)
     * @param norm the DJL BatchNorm over the channel axis
     */
    public record ConvUnit(ConvLayerSpec spec, Conv2d conv, BatchNorm norm) {}

    private final KwsNetworkConfig config;
    private final Model model;
    private final SequentialBlock block;
    private final List<ConvUnit> convUnits;
    private final List<Linear> hiddenLayers;
    private final Linear classifier;

    private KwsNetwork(KwsNetworkConfig config, Model model, SequentialBlock block, List<ConvUnit> units,
            List<Linear> hiddenLayers, Linear classifier) {
        this.config = config;
        this.model = model;
        this.block = block;
        this.convUnits = units;
        this.hiddenLayers = hiddenLayers;
        this.classifier = classifier;
    }

    /**
     * Builds the network and initialises its parameters (He-normal weights, the DJL default for
     * ReLU networks; BatchNorm gamma=1, beta=0, running mean 0 and variance 1).
     *
     * @param config network sizes
     * @param seed seed for PyTorch's generator, so initial weights are reproducible
     * @return an initialised network on the CPU
     */
    public static KwsNetwork create(KwsNetworkConfig config, long seed) {
        DjlRuntime.engine();
        SequentialBlock block = new SequentialBlock();
        if (config.windowMeanRemoved()) {
            // [N, 1, T, C]: each coefficient's mean over the window's T frames, subtracted (OnnxExporter: ReduceMean, Sub).
            block.add(LambdaBlock.singleton(x -> x.sub(x.mean(new int[] {2}, true)), "windowMeanRemoval"));
        }
        List<ConvUnit> units = new ArrayList<>();
        for (ConvLayerSpec spec : config.convLayers()) {
            Conv2d conv = Conv2d.builder()
                    .setKernelShape(new Shape(spec.kernelH(), spec.kernelW()))
                    .optStride(new Shape(spec.strideH(), spec.strideW()))
                    .optPadding(new Shape(spec.padH(), spec.padW()))
                    .setFilters(spec.outChannels())
                    .optGroups(spec.groups())
                    .optBias(false)
                    .build();
            BatchNorm norm = BatchNorm.builder()
                    .optAxis(1)
                    .optEpsilon(BATCH_NORM_EPSILON)
                    .optMomentum(BATCH_NORM_MOMENTUM)
                    .build();
            block.add(conv).add(norm).add(Activation.reluBlock());
            units.add(new ConvUnit(spec, conv, norm));
        }
        block.add(Blocks.batchFlattenBlock(config.flattenedSize()));
        List<Linear> hidden = new ArrayList<>();
        for (int width : config.hidden()) {
            Linear layer = Linear.builder().setUnits(width).build();
            block.add(layer).add(Activation.reluBlock());
            hidden.add(layer);
        }
        if (config.dropout() > 0f) {
            block.add(Dropout.builder().optRate(config.dropout()).build());
        }
        Linear classifier = Linear.builder().setUnits(1).build();
        block.add(classifier);

        Model model = Model.newInstance("wakestream-kws", Device.cpu(), DjlRuntime.ENGINE);
        model.setBlock(block);
        DjlRuntime.seed(seed);
        block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(config, 1));
        return new KwsNetwork(config, model, block, Collections.unmodifiableList(units),
                Collections.unmodifiableList(hidden), classifier);
    }

    /** @return the sizes this network was built with */
    public KwsNetworkConfig config() {
        return config;
    }

    /** @return the DJL model (owner of the parameters' memory) */
    public Model model() {
        return model;
    }

    /** @return the DJL block computing logits {@code [N, 1]} from {@code [N, 1, T, C]} */
    public Block block() {
        return block;
    }

    /** @return convolutions with their BatchNorms, in forward order */
    public List<ConvUnit> convUnits() {
        return convUnits;
    }

    /** @return the hidden fully connected layers in forward order (each followed by ReLU) */
    public List<Linear> hiddenLayers() {
        return hiddenLayers;
    }

    /** @return the final linear layer ({@code weight [1, classifier inputs]}, {@code bias [1]}) */
    public Linear classifier() {
        return classifier;
    }

    /** @return multiply-adds per window, see {@link KwsNetworkConfig#multiplyAdds()} */
    public long multiplyAdds() {
        return config.multiplyAdds();
    }

    /**
     * Counts the trainable scalars actually held by the DJL block (BatchNorm running statistics
     * excluded); equals {@link KwsNetworkConfig#parameterCount()}.
     *
     * @return number of trainable parameters
     */
    public long parameterCount() {
        long total = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                total += p.getArray().size();
            }
        }
        return total;
    }

    /**
     * Shape of an input batch.
     *
     * @param config network sizes
     * @param batch number of windows
     * @return {@code [batch, 1, frames, coefficients]}
     */
    public static Shape inputShape(KwsNetworkConfig config, int batch) {
        return new Shape(batch, 1, config.frames(), config.coefficients());
    }

    /**
     * Probability of the wake phrase per window, in inference mode (BatchNorm running statistics,
     * no dropout) with the sigmoid applied: the same function as the exported ONNX model.
     *
     * @param windows flattened windows, each {@code frames * coefficients} floats, time-major
     * @return one probability per window
     */
    public float[] predict(float[][] windows) {
        return infer(windows, true);
    }

    /**
     * Like {@link #predict(float[][])} but returns logits (no sigmoid).
     *
     * @param windows flattened windows, each {@code frames * coefficients} floats, time-major
     * @return one logit per window
     */
    public float[] logits(float[][] windows) {
        return infer(windows, false);
    }

    private float[] infer(float[][] windows, boolean sigmoid) {
        float[] out = new float[windows.length];
        NDManager manager = model.getNDManager();
        // Fresh store without copies: reads the live parameter arrays (they may have been
        // replaced by a restore since the last call).
        ParameterStore store = new ParameterStore(manager, false);
        // Autograd off: a call from a worker thread would otherwise record a graph it never uses.
        DjlRuntime.withoutGradients(() -> {
            for (int from = 0; from < windows.length; from += PREDICT_CHUNK) {
                int to = Math.min(windows.length, from + PREDICT_CHUNK);
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = toInput(batch, windows, null, from, to);
                    NDArray y = block.forward(store, new NDList(x), false).singletonOrThrow();
                    if (sigmoid) {
                        y = Activation.sigmoid(y);
                    }
                    System.arraycopy(y.toFloatArray(), 0, out, from, to - from);
                }
            }
            return null;
        });
        return out;
    }

    /**
     * Copies windows {@code order[from..to)} (or {@code from..to} when order is null) into one
     * {@code [n, 1, T, C]} array.
     */
    NDArray toInput(NDManager manager, float[][] windows, int[] order, int from, int to) {
        return toInput(manager, windows, order, from, to, null, null);
    }

    /** The same, each copied window masked by {@code masking} with {@code random} (the windows themselves unchanged). */
    NDArray toInput(NDManager manager, float[][] windows, int[] order, int from, int to, FeatureMasking masking, Random random) {
        int size = config.windowSize();
        float[] flat = new float[(to - from) * size];
        for (int i = from; i < to; i++) {
            float[] w = windows[order == null ? i : order[i]];
            if (w.length != size) {
                throw new IllegalArgumentException(
                        "window " + (order == null ? i : order[i]) + " has " + w.length + " values, expected "
                                + config.frames() + "x" + config.coefficients() + "=" + size);
            }
            System.arraycopy(w, 0, flat, (i - from) * size, size);
            if (masking != null) masking.apply(flat, (i - from) * size, config.frames(), config.coefficients(), random);
        }
        return manager.create(flat, inputShape(config, to - from));
    }

    /** Serialises all parameters (including BatchNorm running statistics) to memory. */
    byte[] snapshotParameters() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces all parameters with a snapshot. The new arrays do not track gradients; a later
     * {@code Trainer.initialize} turns that back on, so training can continue afterwards.
     */
    void restoreParameters(byte[] snapshot) {
        // Loading replaces each parameter's array without freeing the old one (and its gradient).
        List<NDArray> replaced = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            replaced.add(p.getArray());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            block.loadParameters(model.getNDManager(), in);
            replaced.forEach(NDArray::close);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("snapshot does not match this network", e);
        }
    }

    /**
     * Reads a parameter as floats.
     *
     * @param block the layer
     * @param name DJL parameter name ("weight", "bias", "gamma", "beta", "runningMean", "runningVar")
     * @return the values in row-major order
     */
    static float[] values(Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    /** Frees the native memory of all parameters. */
    @Override
    public void close() {
        model.close();
    }
}
