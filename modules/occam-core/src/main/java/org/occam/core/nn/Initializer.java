package org.occam.core.nn;

import java.util.SplittableRandom;

/**
 * Weight initializers. {@code fanIn} is the layer's input width, {@code fanOut} its output width.
 * Normal variants are untruncated, as in PyTorch's {@code torch.nn.init} (Keras truncates).
 * <pre>
 * GLOROT_UNIFORM  U(−a, a), a = √(6 / (fanIn + fanOut))   Glorot &amp; Bengio 2010 (Keras default)
 * GLOROT_NORMAL   N(0, 2 / (fanIn + fanOut))
 * HE_UNIFORM      U(−a, a), a = √(6 / fanIn)              He et al. 2015
 * HE_NORMAL       N(0, 2 / fanIn)
 * LECUN_NORMAL    N(0, 1 / fanIn)                         LeCun et al. 1998 (for SELU)
 * </pre>
 * Biases start at zero. All draws come from the {@link SplittableRandom} handed in.
 */
public enum Initializer {
    /** Glorot / Xavier uniform. */
    GLOROT_UNIFORM,
    /** Glorot / Xavier normal. */
    GLOROT_NORMAL,
    /** He / Kaiming uniform. */
    HE_UNIFORM,
    /** He / Kaiming normal. */
    HE_NORMAL,
    /** LeCun normal. */
    LECUN_NORMAL;

    /**
     * Fills a weight array.
     * @param weights the values to fill
     * @param fanIn input width
     * @param fanOut output width
     * @param rng the source of randomness
     */
    public void fill(double[] weights, int fanIn, int fanOut, SplittableRandom rng) {
        switch (this) {
            case GLOROT_UNIFORM:
                uniform(weights, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
                break;
            case GLOROT_NORMAL:
                normal(weights, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
                break;
            case HE_UNIFORM:
                uniform(weights, Math.sqrt(6.0 / fanIn), rng);
                break;
            case HE_NORMAL:
                normal(weights, Math.sqrt(2.0 / fanIn), rng);
                break;
            case LECUN_NORMAL:
                normal(weights, Math.sqrt(1.0 / fanIn), rng);
                break;
            default:
                throw new IllegalStateException("unknown initializer " + this);
        }
    }

    private static void uniform(double[] w, double limit, SplittableRandom rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble(-limit, limit);
        }
    }

    private static void normal(double[] w, double std, SplittableRandom rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = std * rng.nextGaussian();
        }
    }
}
