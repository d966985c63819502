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
    }

    /** The portable loops. */
    static final class ScalarKernels implements Kernels {
        @Override
        public void reluBackward(double[] z, double[] gy, double[] gz, int n) {
            for (int i = 0; i < n; i++) {
                gz[i] = z[i] > 0 ? gy[i] : 0.0;
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

    /** @return "vector" or "scalar" */
    public static String implementation() {
        return KERNELS instanceof ScalarKernels ? "scalar" : "vector";
    }
}
