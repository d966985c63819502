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
        /** gz[i] = z[i] &gt; 0 ? gy[i] : 0 for i &lt; n. */
        void reluBackward(double[] z, double[] gy, double[] gz, int n);

        /** out[j] += (Σ_{r ∈ [fromRow, toRow)} g[r·width + j], summed in row order from 0). */
        void addBlockColumnSums(double[] g, int fromRow, int toRow, int width, double[] out);
    }

    /** The portable loops. */
    static final class ScalarKernels implements Kernels {
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

    /** @return "vector" or "scalar" */
    public static String implementation() {
        return KERNELS instanceof ScalarKernels ? "scalar" : "vector";
    }
}
