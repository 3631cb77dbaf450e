package io.wakestream.trainer.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Size of the keyword-spotting network: a small depthwise-separable CNN (DS-CNN).
 *
 * <p>The layer sequence is derived from {@code channels}:
 *
 * <ul>
 *   <li>stem: 3x3 convolution to {@code channels[0]}, stride (2,1) – halves time only, because
 *       there are few coefficients and many frames;
 *   <li>for each further entry {@code channels[i]}, i &ge; 1, a depthwise-separable block: 3x3
 *       depthwise convolution (stride (2,2) for the first {@value #DOWNSAMPLING_BLOCKS} blocks, 1
 *       after) then a 1x1 pointwise convolution to {@code channels[i]};
 *   <li>every convolution is followed by BatchNorm and ReLU; then flatten, dropout, the
 *       {@code hidden} fully connected layers (each followed by ReLU) and a linear layer producing
 *       one logit.
 * </ul>
 *
 * <p>With no channels at all the network is a plain fully connected head over the flattened window:
 * the shape of openWakeWord's heads over its 16 x 96 speech embeddings, where the embedding model
 * has already done the work of the convolutions.
 *
 * <p>Defaults ({@link #defaults()}): 100 frames x 13 MFCCs, channels {16, 32, 48, 48}, dropout
 * 0.2: about 0.45 M multiply-adds per window and about 8 k parameters.
 *
 * @param frames time steps per window (T)
 * @param coefficients MFCC coefficients per frame (C)
 * @param channels output channels of the stem and of each depthwise-separable block (at least 2
 *     entries), or none for a fully connected network
 * @param dropout dropout rate before the classifier, in [0, 1)
 * @param hidden units of each fully connected hidden layer between the flatten and the classifier
 * @param windowMeanRemoved whether the network first subtracts, per coefficient, the window's mean over its frames
 *     (cepstral mean removal inside the model: a fixed spectral colouring of the voice, microphone or room adds a
 *     constant to each coefficient, which this takes away before any layer sees it); DS-CNN only
 */
public record KwsNetworkConfig(int frames, int coefficients, int[] channels, float dropout, int[] hidden, boolean windowMeanRemoved) {

    /** Number of depthwise-separable blocks that downsample time and coefficients by 2. */
    public static final int DOWNSAMPLING_BLOCKS = 2;

    /** Validates sizes and takes a defensive copy of {@code channels}. */
    public KwsNetworkConfig {
        if (frames < 1 || coefficients < 1) {
            throw new IllegalArgumentException(
                    "frames and coefficients must be positive: " + frames + "x" + coefficients);
        }
        if (channels == null || channels.length == 1) {
            throw new IllegalArgumentException("need a stem and at least one block (or no convolutions at all): channels");
        }
        hidden = hidden == null ? new int[0] : hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be positive: " + Arrays.toString(hidden));
            }
        }
        if (channels.length == 0 && hidden.length == 0) {
            throw new IllegalArgumentException("a network without convolutions needs at least one hidden layer");
        }
        for (int c : channels) {
            if (c < 1) {
                throw new IllegalArgumentException("channels must be positive: " + Arrays.toString(channels));
            }
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0,1): " + dropout);
        }
        if (windowMeanRemoved && channels.length == 0) {
            throw new IllegalArgumentException("window mean removal is for the DS-CNN over MFCCs, not a fully connected head");
        }
        channels = channels.clone();
    }

    /** Without window mean removal. */
    public KwsNetworkConfig(int frames, int coefficients, int[] channels, float dropout, int[] hidden) {
        this(frames, coefficients, channels, dropout, hidden, false);
    }

    /** A DS-CNN with no hidden fully connected layers (the classifier follows the flatten). */
    public KwsNetworkConfig(int frames, int coefficients, int[] channels, float dropout) {
        this(frames, coefficients, channels, dropout, new int[0]);
    }

    /** @return 100 frames, 13 coefficients, channels {16, 32, 48, 48}, dropout 0.2 */
    public static KwsNetworkConfig defaults() {
        return new KwsNetworkConfig(100, 13, new int[] {16, 32, 48, 48}, 0.2f);
    }

    /**
     * A head over openWakeWord's speech embeddings: {@code frames x 96} flattened, two hidden layers of
     * {@code units} with ReLU, one logit (openWakeWord's own heads are fully connected networks of this size).
     */
    public static KwsNetworkConfig embeddingHead(int frames, int embeddingSize, int units) {
        return new KwsNetworkConfig(frames, embeddingSize, new int[0], 0.3f, new int[] {units, units});
    }

    /** @return whether this is a fully connected network over the flattened window (no convolutions) */
    public boolean fullyConnected() {
        return channels.length == 0;
    }

    /** @return a copy of the hidden layer sizes */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** @return a copy of the channel list (records expose fields; arrays must not leak) */
    @Override
    public int[] channels() {
        return channels.clone();
    }

    /** @return the same network for a different window length */
    public KwsNetworkConfig withFrames(int newFrames) {
        return new KwsNetworkConfig(newFrames, coefficients, channels, dropout, hidden, windowMeanRemoved);
    }

    /** @return the same layer sequence with different channel counts (stem first, then one per block) */
    public KwsNetworkConfig withChannels(int[] newChannels) {
        return new KwsNetworkConfig(frames, coefficients, newChannels, dropout, hidden, windowMeanRemoved);
    }

    /** @return the same network for a different number of coefficients */
    public KwsNetworkConfig withCoefficients(int newCoefficients) {
        return new KwsNetworkConfig(frames, newCoefficients, channels, dropout, hidden, windowMeanRemoved);
    }

    /** @return the same network, with or without subtracting each coefficient's window mean first */
    public KwsNetworkConfig withWindowMeanRemoved(boolean removed) {
        return new KwsNetworkConfig(frames, coefficients, channels, dropout, hidden, removed);
    }

    /** @return number of floats in one flattened input window ({@code frames * coefficients}) */
    public int windowSize() {
        return frames * coefficients;
    }

    /**
     * The convolutions in forward order (each is followed by BatchNorm and ReLU).
     *
     * @return immutable list of layer geometries
     */
    public List<ConvLayerSpec> convLayers() {
        List<ConvLayerSpec> layers = new ArrayList<>();
        if (channels.length == 0) {
            return List.of();
        }
        ConvLayerSpec stem = new ConvLayerSpec("stem", 1, channels[0], 3, 3, 2, 1, 1, 1, 1, frames, coefficients);
        layers.add(stem);
        int h = stem.outH();
        int w = stem.outW();
        int in = channels[0];
        for (int i = 1; i < channels.length; i++) {
            int stride = i <= DOWNSAMPLING_BLOCKS ? 2 : 1;
            ConvLayerSpec dw = new ConvLayerSpec("block" + i + "_dw", in, in, 3, 3, stride, stride, 1, 1, in, h, w);
            ConvLayerSpec pw = new ConvLayerSpec(
                    "block" + i + "_pw", in, channels[i], 1, 1, 1, 1, 0, 0, 1, dw.outH(), dw.outW());
            layers.add(dw);
            layers.add(pw);
            h = pw.outH();
            w = pw.outW();
            in = channels[i];
        }
        return Collections.unmodifiableList(layers);
    }

    /** @return features entering the classifier: last channels x final height x final width */
    public int flattenedSize() {
        List<ConvLayerSpec> layers = convLayers();
        if (layers.isEmpty()) {
            return windowSize();
        }
        ConvLayerSpec last = layers.get(layers.size() - 1);
        return last.outChannels() * last.outH() * last.outW();
    }

    /** @return inputs of the classifier: the last hidden layer's units, or the flattened features */
    public int classifierInputs() {
        return hidden.length == 0 ? flattenedSize() : hidden[hidden.length - 1];
    }

    /** @return multiply-adds for one window: convolutions, hidden layers and the classifier (BN folded away) */
    public long multiplyAdds() {
        long total = 0;
        for (ConvLayerSpec layer : convLayers()) {
            total += layer.multiplyAdds();
        }
        int in = flattenedSize();
        for (int h : hidden) {
            total += (long) in * h;
            in = h;
        }
        return total + in;
    }

    /**
     * Trainable parameters: convolution weights (no bias, BatchNorm follows), BatchNorm gamma and
     * beta, classifier weights and bias. BatchNorm running statistics are not counted (they are not
     * trained and disappear when folded at export).
     *
     * @return number of trainable scalars
     */
    public long parameterCount() {
        long total = 0;
        for (ConvLayerSpec layer : convLayers()) {
            total += layer.weightCount() + 2L * layer.outChannels();
        }
        int in = flattenedSize();
        for (int h : hidden) {
            total += (long) in * h + h;
            in = h;
        }
        return total + in + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KwsNetworkConfig other
                && frames == other.frames
                && coefficients == other.coefficients
                && Arrays.equals(channels, other.channels)
                && Float.compare(dropout, other.dropout) == 0
                && Arrays.equals(hidden, other.hidden)
                && windowMeanRemoved == other.windowMeanRemoved;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * frames + coefficients) + Arrays.hashCode(channels)) + Float.hashCode(dropout))
                + Arrays.hashCode(hidden) + (windowMeanRemoved ? 1 : 0);
    }

    @Override
    public String toString() {
        return "KwsNetworkConfig[frames=" + frames + ", coefficients=" + coefficients
                + ", channels=" + Arrays.toString(channels) + ", dropout=" + dropout
                + ", hidden=" + Arrays.toString(hidden) + (windowMeanRemoved ? ", windowMeanRemoved" : "") + "]";
    }
}
