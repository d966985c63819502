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
        double k = 2 * c;
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            s += v * v;
            g[i] += k * v;
        }
        return c * s;
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
