package org.occam.core.math;

import java.util.logging.Logger;

/**
 * Element-wise kernels of the hot loop that the JIT does not vectorize on its own. The rectifier's
 * backward pass, {@code gz = z > 0 ? gy : 0}, is a data-dependent branch that is mispredicted half
 * the time on a fresh layer (~18 µs for a 64×128 batch here); with the Vector API it is one compare
 * and one blend per vector (~4 µs). Chosen once, like {@link Gemm}'s backend: the vector version when
 * {@link Gemm#vectorAvailable()}, the scalar loop otherwise, with the same results bit for bit.
 */
public final class Elementwise {
    private static final Logger logger = Logger.getLogger(Elementwise.class.getName());

    /** The operations with a vector implementation. */
    interface Kernels {
        /** y[i] = Math.max(z[i], 0.0) for i &lt; n. */
        void relu(double[] z, double[] y, int n);

        /** gz[i] = z[i] &gt; 0 ? gy[i] : 0 for i &lt; n. */
        void reluBackward(double[] z, double[] gy, double[] gz, int n);

        /** out[j] += (Σ_{r ∈ [fromRow, toRow)} g[r·width + j], summed in row order from 0). */
        void addBlockColumnSums(double[] g, int fromRow, int toRow, int width, double[] out);

        /** {@link Elementwise#momentumStepAndSeed}; w2, g2, v2 null for one tensor. */
        void momentumStepAndSeed(double[] w1, double[] g1, double[] v1, double[] w2, double[] g2, double[] v2,
                                 double mu, double eta, double k, double[] squares);
    }

    /**
     * One tensor's positions {@code [from, to)} of {@link #momentumStepAndSeed}, scalar.
     * @return s plus the new values' squares, added in index order
     */
    static double momentumStepAndSeedTail(double[] w, double[] g, double[] v, double mu, double eta, double k,
                                          int from, int to, double s) {
        for (int i = from; i < to; i++) {
            double vi = mu * v[i] + g[i];
            v[i] = vi;
            double wi = w[i] - eta * vi;
            w[i] = wi;
            g[i] = 0.0 + k * wi;
            s += wi * wi;
        }
        return s;
    }

    /** The portable loops. */
    static final class ScalarKernels implements Kernels {
        @Override
        public void relu(double[] z, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(z[i], 0.0);     // branch-free, vectorized by the JIT; NaN stays NaN
            }
        }

        @Override
        public void reluBackward(double[] z, double[] gy, double[] gz, int n) {
            for (int i = 0; i < n; i++) {
                gz[i] = z[i] > 0 ? gy[i] : 0.0;
            }
        }

        @Override
        public void addBlockColumnSums(double[] g, int fromRow, int toRow, int width, double[] out) {
            for (int j = 0; j < width; j++) {
                double sum = 0.0;
                for (int r = fromRow; r < toRow; r++) {
                    sum += g[r * width + j];
                }
                out[j] += sum;
            }
        }

        @Override
        public void momentumStepAndSeed(double[] w1, double[] g1, double[] v1, double[] w2, double[] g2, double[] v2,
                                        double mu, double eta, double k, double[] squares) {
            squares[0] = momentumStepAndSeedTail(w1, g1, v1, mu, eta, k, 0, w1.length, 0.0);
            if (w2 != null) {
                squares[1] = momentumStepAndSeedTail(w2, g2, v2, mu, eta, k, 0, w2.length, 0.0);
            }
        }
    }

    private static final Kernels KERNELS = select();

    private Elementwise() {}

    private static Kernels select() {
        if (Gemm.vectorAvailable()) {
            try {
                return (Kernels) Class.forName("org.occam.core.math.VectorElementwise").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                logger.info(() -> "element-wise kernels: vector version unavailable (" + e + "), using scalar loops");
            }
        }
        return new ScalarKernels();
    }

    /**
     * The rectifier: {@code y[i] = Math.max(z[i], 0.0)}, bit for bit (NaN stays NaN, −0 becomes +0). The
     * vector version keeps z where {@code !(z <= 0)} and writes +0 elsewhere: one compare and one blend per
     * vector instead of the JIT's sequence for Math.max's NaN and signed-zero rules (64×128 values: ~1.7
     * instead of ~2.2 µs here).
     * @param z pre-activations
     * @param y outputs (may be z)
     * @param n number of values
     */
    public static void relu(double[] z, double[] y, int n) {
        KERNELS.relu(z, y, n);
    }

    /**
     * The rectifier's backward pass: {@code gz[i] = z[i] > 0 ? gy[i] : 0} (0 also for NaN z).
     * @param z pre-activations
     * @param gy upstream gradient
     * @param gz written (may be gy)
     * @param n number of values
     */
    public static void reluBackward(double[] z, double[] gy, double[] gz, int n) {
        KERNELS.reluBackward(z, gy, gz, n);
    }

    /**
     * A bias gradient's block of rows: {@code out[j] += Σ_{r = fromRow}^{toRow − 1} g[r·width + j]},
     * each column's sum formed from zero in row order and then added to out (the fixed-block
     * reduction of {@link org.occam.core.nn.Dense}); the vector version sums a vector of columns at
     * a time in the same order, so the bits are the scalar loop's.
     * @param g rows × width, row-major
     * @param fromRow first row of the block
     * @param toRow end row (exclusive)
     * @param width row width
     * @param out width values, added to
     */
    public static void addBlockColumnSums(double[] g, int fromRow, int toRow, int width, double[] out) {
        KERNELS.addBlockColumnSums(g, fromRow, toRow, width, out);
    }

    /**
     * SGD with classical momentum on one or two tensors, with the next step's L2 gradient and sum of
     * squares formed in the same loop: for each position, {@code v = μ·v + g}, {@code w = w − η·v}
     * (the bits of {@link org.occam.core.optim.Sgd}'s update), then {@code g = 0 + k·w} (the bits of
     * an L2 penalty writing a discarded gradient, k = 2c) and {@code Σw²} of the new values, summed in
     * index order from 0 (the bits of {@link Matrix#squaredL2Norm()}). Each sum is a chain of dependent
     * additions that bounds the time; two tensors' chains run side by side, and the update's loads and
     * stores run alongside them instead of in passes of their own.
     * @param w1 first tensor's values, updated
     * @param g1 its gradient, read, then overwritten with k·w1
     * @param v1 its velocity, updated
     * @param w2 second tensor's values, or null for one tensor
     * @param g2 its gradient, or null
     * @param v2 its velocity, or null
     * @param mu momentum μ
     * @param eta learning rate η
     * @param k the gradient factor of the next step's penalty
     * @param squares written: {Σw1², Σw2²} of the new values (the second only with two tensors)
     */
    public static void momentumStepAndSeed(double[] w1, double[] g1, double[] v1, double[] w2, double[] g2, double[] v2,
                                           double mu, double eta, double k, double[] squares) {
        KERNELS.momentumStepAndSeed(w1, g1, v1, w2, g2, v2, mu, eta, k, squares);
    }

    /** @return "vector" or "scalar" */
    public static String implementation() {
        return KERNELS instanceof ScalarKernels ? "scalar" : "vector";
    }
}
