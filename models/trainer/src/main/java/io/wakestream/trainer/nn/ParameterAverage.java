package io.wakestream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exponential moving average of a network's parameters (BatchNorm's running statistics included), updated after
 * every optimiser step. With a fixed learning rate the weights keep jumping around a minimum from step to step (the
 * validation loss of one epoch to the next moved by a third); their average over the last thousand or so steps sits
 * nearer its middle, and is what gets validated, kept as the best epoch and exported.
 */
final class ParameterAverage implements AutoCloseable {
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> average = new ArrayList<>();
    private final NDManager manager;
    private final float decay;
    private long updates;

    /**
     * Starts the average at the network's current parameters.
     *
     * @param decay weight of the old average at each step, in (0, 1): 0.999 averages over about the last 1,000 steps
     */
    ParameterAverage(KwsNetwork network, float decay) {
        if (!(decay > 0f && decay < 1f)) {
            throw new IllegalArgumentException("decay must be in (0, 1): " + decay);
        }
        this.decay = decay;
        this.manager = network.model().getNDManager().newSubManager();
        DjlRuntime.withoutGradients(() -> {
            for (Parameter p : network.block().getParameters().values()) {
                parameters.add(p);
                NDArray copy = p.getArray().duplicate();
                copy.attach(manager);
                average.add(copy);
            }
            return null;
        });
    }

    /** Moves the average towards the parameters as they are now; call after every optimiser step. */
    void update() {
        float d = decayAt(updates++, decay);
        DjlRuntime.withoutGradients(() -> {
            for (int i = 0; i < average.size(); i++) {
                try (NDArray share = parameters.get(i).getArray().mul(1f - d)) {
                    average.get(i).muli(d).addi(share);
                }
            }
            return null;
        });
    }

    /**
     * The decay of update number {@code update} (from 0): {@code min(decay, (1 + update) / (10 + update))}. Early on
     * the average follows the parameters closely, or a new network's average would for thousands of steps be mostly
     * its random start (and BatchNorm statistics averaged with weights they do not belong to).
     */
    static float decayAt(long update, float decay) {
        return Math.min(decay, (1f + update) / (10f + update));
    }

    /**
     * Runs {@code task} with the averaged parameters in the network, then puts the trained ones back (in place, so
     * the optimiser and the gradients carry on as if nothing happened).
     */
    <T> T withAverage(Supplier<T> task) {
        List<NDArray> trained = DjlRuntime.withoutGradients(() -> {
            List<NDArray> saved = new ArrayList<>();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray live = parameters.get(i).getArray();
                NDArray copy = live.duplicate();
                copy.attach(manager);
                saved.add(copy);
                average.get(i).copyTo(live);
            }
            return saved;
        });
        try {
            return task.get();
        } finally {
            DjlRuntime.withoutGradients(() -> {
                for (int i = 0; i < parameters.size(); i++) {
                    trained.get(i).copyTo(parameters.get(i).getArray());
                    trained.get(i).close();
                }
                return null;
            });
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
