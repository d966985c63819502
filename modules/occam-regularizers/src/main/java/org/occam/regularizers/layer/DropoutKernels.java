package org.occam.regularizers.layer;

import org.occam.core.nn.Activation;

import java.util.SplittableRandom;

/**
 * The arithmetic of the dropout family, on flat arrays, free of layers and configuration so it can
 * be tested on its own. p is always the <em>drop</em> probability, in [0, 1).
 * <pre>
 * inverted dropout   keep ~ Bernoulli(1 − p)     y = keep ? x / (1 − p) : 0         ∂y/∂x = keep / (1 − p)
 * Gaussian dropout   m ~ N(1, p / (1 − p))       y = m·x                            ∂y/∂x = m
 * alpha dropout      keep ~ Bernoulli(1 − p)     y = a·(keep ? x : α′) + b          ∂y/∂x = a·keep
 *                    α′ = −λα (SELU), a = ((1 − p)(1 + p·α′²))^(−1/2), b = −a·α′·p
 * spatial dropout    keep ~ Bernoulli(1 − p) per (row, channel), channel = feature mod C
 *                                                y = keep ? x / (1 − p) : 0         ∂y/∂x = keep / (1 − p)
 * </pre>
 */
public final class DropoutKernels {
    /** The value alpha dropout gives a dropped unit: SELU's negative saturation −λα ≈ −1.7581. */
    public static final double ALPHA_PRIME = -Activation.SELU_SCALE * Activation.SELU_ALPHA;

    private DropoutKernels() {}

    /**
     * Checks a drop probability for a runtime layer (the plugins check theirs in {@code postConfig}).
     * @param dropProbability p
     * @return p
     * @throws IllegalArgumentException unless p ∈ [0, 1)
     */
    public static double checkDropProbability(double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("expected dropProbability in [0, 1), found " + dropProbability);
        }
        return dropProbability;
    }

    /**
     * Samples a Bernoulli keep mask: unit i is kept when a uniform draw u ∈ [0, 1) satisfies u ≥ p,
     * which happens with probability 1 − p. One draw per unit, in index order.
     * @param keep written, {@code keep[i]} for i &lt; n
     * @param n number of units
     * @param dropProbability p
     * @param rng the source of randomness
     */
    public static void sampleKeepMask(boolean[] keep, int n, double dropProbability, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            keep[i] = rng.nextDouble() >= dropProbability;
        }
    }

    /**
     * Inverted dropout, {@code y = keep ? x / (1 − p) : 0}. Also the backward pass, applied to the
     * upstream gradient with the same mask: the layer is linear in x for a fixed mask.
     * @param x inputs (or ∂L/∂y)
     * @param keep the mask
     * @param dropProbability p
     * @param y outputs (or ∂L/∂x), may be the same array as x
     * @param n number of values
     */
    public static void invertedDropout(double[] x, boolean[] keep, double dropProbability, double[] y, int n) {
        double keepProbability = 1.0 - dropProbability;
        for (int i = 0; i < n; i++) {
            y[i] = keep[i] ? x[i] / keepProbability : 0.0;
        }
    }

    /**
     * Inverted dropout of whole channels, {@code y = keep[r·C + k] ? x / (1 − p) : 0} for the value
     * of row r whose feature index f has channel k = f mod C (channels innermost). Also the backward
     * pass on the upstream gradient with the same mask.
     * @param x inputs (or ∂L/∂y), rows × rowWidth
     * @param keepChannel the mask, rows × channels
     * @param rowWidth values per row, a multiple of channels
     * @param channels C
     * @param dropProbability p
     * @param y outputs (or ∂L/∂x), may be the same array as x
     * @param n number of values, rows × rowWidth
     */
    public static void channelDropout(double[] x, boolean[] keepChannel, int rowWidth, int channels, double dropProbability,
                                      double[] y, int n) {
        double keepProbability = 1.0 - dropProbability;
        for (int i = 0; i < n; i++) {
            int row = i / rowWidth;
            int channel = i % channels;
            y[i] = keepChannel[row * channels + channel] ? x[i] / keepProbability : 0.0;
        }
    }

    /**
     * @param dropProbability p
     * @return the standard deviation √(p / (1 − p)) of Gaussian dropout's multiplicative noise
     */
    public static double gaussianStddev(double dropProbability) {
        return Math.sqrt(dropProbability / (1.0 - dropProbability));
    }

    /**
     * Samples Gaussian dropout's multipliers {@code m_i = 1 + σ·z_i}, z_i standard normal, one draw per unit.
     * @param multipliers written, for i &lt; n
     * @param n number of units
     * @param stddev σ = {@link #gaussianStddev}(p)
     * @param rng the source of randomness
     */
    public static void sampleGaussianMultipliers(double[] multipliers, int n, double stddev, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            multipliers[i] = 1.0 + stddev * rng.nextGaussian();
        }
    }

    /**
     * Element-wise product {@code y = m·x}: Gaussian dropout's forward pass, and its backward pass
     * on the upstream gradient.
     * @param x inputs (or ∂L/∂y)
     * @param multipliers m
     * @param y outputs (or ∂L/∂x), may be the same array as x
     * @param n number of values
     */
    public static void multiply(double[] x, double[] multipliers, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = multipliers[i] * x[i];
        }
    }

    /**
     * @param dropProbability p
     * @return alpha dropout's scale {@code a = ((1 − p)(1 + p·α′²))^(−1/2)}, so that a unit of mean 0
     *     and variance 1 keeps them
     */
    public static double alphaScale(double dropProbability) {
        double keepProbability = 1.0 - dropProbability;
        return 1.0 / Math.sqrt(keepProbability * (1.0 + dropProbability * ALPHA_PRIME * ALPHA_PRIME));
    }

    /**
     * @param dropProbability p
     * @return alpha dropout's shift {@code b = −a·α′·p}
     */
    public static double alphaShift(double dropProbability) {
        return -alphaScale(dropProbability) * ALPHA_PRIME * dropProbability;
    }

    /**
     * Alpha dropout's forward pass, {@code y = a·(keep ? x : α′) + b}.
     * @param x inputs
     * @param keep the mask
     * @param scale a
     * @param shift b
     * @param y outputs, may be the same array as x
     * @param n number of values
     */
    public static void alphaDropout(double[] x, boolean[] keep, double scale, double shift, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = scale * (keep[i] ? x[i] : ALPHA_PRIME) + shift;
        }
    }

    /**
     * Alpha dropout's backward pass, {@code ∂L/∂x = keep ? a·∂L/∂y : 0}.
     * @param gradOutput ∂L/∂y
     * @param keep the mask of the forward pass
     * @param scale a
     * @param gradInput ∂L/∂x, written, may be the same array as gradOutput
     * @param n number of values
     */
    public static void alphaDropoutBackward(double[] gradOutput, boolean[] keep, double scale, double[] gradInput, int n) {
        for (int i = 0; i < n; i++) {
            gradInput[i] = keep[i] ? scale * gradOutput[i] : 0.0;
        }
    }
}
