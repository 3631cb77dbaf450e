package io.wakestream.trainer.nn;

/**
 * Geometry of one convolution of the keyword-spotting network, derived from a {@link
 * KwsNetworkConfig}. The same description drives the DJL block, the multiply-add count and the
 * ONNX export, so the three cannot drift apart.
 *
 * <p>Layout is NCHW with time as height and MFCC coefficient as width. Padding is symmetric.
 *
 * @param name stable layer name, used for ONNX initializer and node names
 * @param inChannels input channels
 * @param outChannels output channels (filters)
 * @param kernelH kernel height (time)
 * @param kernelW kernel width (coefficients)
 * @param strideH stride along time
 * @param strideW stride along coefficients
 * @param padH zero padding added on both ends of the time axis
 * @param padW zero padding added on both ends of the coefficient axis
 * @param groups convolution groups ({@code groups == inChannels == outChannels} for depthwise)
 * @param inH input height (frames)
 * @param inW input width (coefficients)
 */
public record ConvLayerSpec(
        String name,
        int inChannels,
        int outChannels,
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int padH,
        int padW,
        int groups,
        int inH,
        int inW) {

    /** Validates the channel/group relationship. */
    public ConvLayerSpec {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(
                    name + ": channels " + inChannels + "->" + outChannels
                            + " not divisible by groups " + groups);
        }
    }

    /** @return output height: {@code floor((inH + 2 padH - kernelH) / strideH) + 1} */
    public int outH() {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    /** @return output width: {@code floor((inW + 2 padW - kernelW) / strideW) + 1} */
    public int outW() {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }

    /** @return true when every input channel has its own filter (depthwise convolution) */
    public boolean depthwise() {
        return groups > 1 && groups == inChannels && groups == outChannels;
    }

    /** @return number of weights, shape {@code [out, in/groups, kh, kw]} (no bias: BN follows) */
    public long weightCount() {
        return (long) outChannels * (inChannels / groups) * kernelH * kernelW;
    }

    /** @return multiply-adds for one input window */
    public long multiplyAdds() {
        return (long) outH() * outW() * outChannels * (inChannels / groups) * kernelH * kernelW;
    }
}
