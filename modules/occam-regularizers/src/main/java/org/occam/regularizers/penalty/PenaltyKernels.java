package org.occam.regularizers.penalty;

/**
 * The arithmetic of the weight penalties, as pure static functions on arrays so it can be tested
 * without a network. {@code c} is the coefficient a {@link org.occam.core.spi.LambdaConvention}
 * gives for λ.
 */
public final class PenaltyKernels {
    private PenaltyKernels() {}

    /**
     * @param w values
     * @param c coefficient
     * @return c·Σw²
     */
    public static double l2Loss(double[] w, double c) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return c * s;
    }

    /**
     * {@link #l2Loss} and {@link #addL2Gradient} in one pass: the sum of squares runs in the same
     * order (its chain of additions is what bounds the time; the gradient's updates run alongside).
     * @param w values
     * @param g gradient, updated: g += 2c·w
     * @param c coefficient
     * @return c·Σw²
     */
    public static double l2LossAndAddGradient(double[] w, double[] g, double c) {
        return l2LossAndAddGradient(w, g, false, c);
    }

    /**
     * {@link #l2LossAndAddGradient(double[], double[], double)} on a gradient that may count as zero:
     * when {@code discarded}, g's old values are ignored and {@code g = 0 + 2c·w} written (the bits
     * of adding to zeros), in the same loop, whose time the sum's chain of additions bounds.
     * @param w values
     * @param g gradient, updated (or written when discarded)
     * @param discarded g counts as zero
     * @param c coefficient
     * @return c·Σw²
     */
    public static double l2LossAndAddGradient(double[] w, double[] g, boolean discarded, double c) {
        double k = 2 * c;
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            s += v * v;
            g[i] = (discarded ? 0.0 : g[i]) + k * v;
        }
        return c * s;
    }

    /**
     * {@link #l2LossAndAddGradient} on two tensors in one loop: the two sums of squares are independent
     * chains of additions, so they run side by side; each is formed in its own index order, so both
     * results and both gradients have the bits of two separate calls.
     * @param w1 first tensor's values
     * @param g1 its gradient, updated: g1 += 2c·w1
     * @param w2 second tensor's values
     * @param g2 its gradient, updated: g2 += 2c·w2
     * @param c coefficient
     * @param out written: {c·Σw1², c·Σw2²}
     */
    public static void l2LossAndAddGradient2(double[] w1, double[] g1, double[] w2, double[] g2, double c, double[] out) {
        l2LossAndAddGradient2(w1, g1, false, w2, g2, false, c, out);
    }

    /**
     * {@link #l2LossAndAddGradient2(double[], double[], double[], double[], double, double[])} with
     * gradients that may count as zero, as {@link #l2LossAndAddGradient(double[], double[], boolean, double)}.
     * @param w1 first tensor's values
     * @param g1 its gradient
     * @param discarded1 g1 counts as zero
     * @param w2 second tensor's values
     * @param g2 its gradient
     * @param discarded2 g2 counts as zero
     * @param c coefficient
     * @param out written: {c·Σw1², c·Σw2²}
     */
    public static void l2LossAndAddGradient2(double[] w1, double[] g1, boolean discarded1, double[] w2, double[] g2,
                                             boolean discarded2, double c, double[] out) {
        double k = 2 * c;
        double s1 = 0;
        double s2 = 0;
        int n = Math.min(w1.length, w2.length);
        int i = 0;
        for (; i < n; i++) {
            double v1 = w1[i];
            double v2 = w2[i];
            s1 += v1 * v1;
            s2 += v2 * v2;
            g1[i] = (discarded1 ? 0.0 : g1[i]) + k * v1;
            g2[i] = (discarded2 ? 0.0 : g2[i]) + k * v2;
        }
        for (int j = i; j < w1.length; j++) {
            double v = w1[j];
            s1 += v * v;
            g1[j] = (discarded1 ? 0.0 : g1[j]) + k * v;
        }
        for (int j = i; j < w2.length; j++) {
            double v = w2[j];
            s2 += v * v;
            g2[j] = (discarded2 ? 0.0 : g2[j]) + k * v;
        }
        out[0] = c * s1;
        out[1] = c * s2;
    }

    /**
     * g += 2c·w.
     * @param w values
     * @param g gradient, updated
     * @param c coefficient
     */
    public static void addL2Gradient(double[] w, double[] g, double c) {
        double k = 2 * c;
        for (int i = 0; i < w.length; i++) {
            g[i] += k * w[i];
        }
    }

    /**
     * @param w values
     * @param c coefficient
     * @return c·Σ|w|
     */
    public static double l1Loss(double[] w, double c) {
        double s = 0;
        for (double v : w) {
            s += Math.abs(v);
        }
        return c * s;
    }

    /**
     * g += c·sign(w), with sign(0) = 0 (the subgradient Keras and PyTorch use).
     * @param w values
     * @param g gradient, updated
     * @param c coefficient
     */
    public static void addL1Subgradient(double[] w, double[] g, double c) {
        for (int i = 0; i < w.length; i++) {
            g[i] += c * Math.signum(w[i]);
        }
    }

    /**
     * The proximal operator of τ·Σ|w| (soft thresholding): w ← sign(w)·max(|w| − τ, 0). Weights
     * within τ of zero become exactly zero.
     * @param w values, updated
     * @param tau threshold τ ≥ 0
     */
    public static void softThresholdInPlace(double[] w, double tau) {
        for (int i = 0; i < w.length; i++) {
            double a = Math.abs(w[i]) - tau;
            w[i] = a > 0 ? Math.copySign(a, w[i]) : 0.0;
        }
    }

    /**
     * w ← (1 − k)·w.
     * @param w values, updated
     * @param k shrink factor
     */
    public static void shrinkInPlace(double[] w, double k) {
        double f = 1 - k;
        for (int i = 0; i < w.length; i++) {
            w[i] *= f;
        }
    }
}
