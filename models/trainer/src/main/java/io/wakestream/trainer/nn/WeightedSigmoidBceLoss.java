package io.wakestream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Sigmoid binary cross-entropy on logits with a positive-class weight, computed in the stable
 * form {@code max(x,0) - x*y + log(1 + exp(-|x|))} (never exponentiates a positive number).
 * DJL's own {@code SigmoidBinaryCrossEntropyLoss} has no positive-class weight, hence this class.
 */
final class WeightedSigmoidBceLoss extends Loss {

    private final float positiveWeight;

    WeightedSigmoidBceLoss(float positiveWeight) {
        super("weighted_sigmoid_bce");
        this.positiveWeight = positiveWeight;
    }

    /**
     * @param labels one array {@code [N, 1]} of 0/1
     * @param predictions one array of logits {@code [N, 1]}
     * @return scalar mean loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray x = predictions.singletonOrThrow();
        NDArray y = labels.singletonOrThrow().reshape(x.getShape());
        NDArray loss = x.maximum(0f).sub(x.mul(y)).add(x.abs().neg().exp().add(1f).log());
        if (positiveWeight != 1f) {
            loss = loss.mul(y.mul(positiveWeight - 1f).add(1f));
        }
        return loss.mean();
    }
}
