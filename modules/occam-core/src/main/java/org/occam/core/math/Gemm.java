package org.occam.core.math;

import java.util.Objects;
import java.util.logging.Logger;

/**
 * The engine's one matrix-product kernel class. Every GEMM-shaped product in the training loop
 * and in inference goes through here, so the backend can be swapped and benchmarked in one place.
 * <p>
 * Names state the product: {@link #times} is A·B, {@link #timesTranspose} is A·Bᵀ,
 * {@link #transposeTimes} is Aᵀ·B. Each writes into a caller-supplied output and an
 * {@code accumulate} flag chooses between {@code C = …} and {@code C += …}.
 */
public final class Gemm {
    private static final Logger logger = Logger.getLogger(Gemm.class.getName());

    private static volatile GemmBackend backend = new JavaGemmBackend();

    private Gemm() {}

    /** @return the backend in use */
    public static GemmBackend backend() {
        return backend;
    }

    /**
     * Installs a backend for all subsequent products.
     * @param newBackend the backend
     */
    public static void setBackend(GemmBackend newBackend) {
        backend = Objects.requireNonNull(newBackend, "backend");
        logger.fine(() -> "GEMM backend: " + newBackend.name());
    }

    /**
     * C = A·B (or C += A·B).
     * @param a m × k
     * @param b k × n
     * @param c m × n, written
     * @param accumulate add to C instead of overwriting it
     */
    public static void times(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        check(a.rows(), b.cols(), a.cols(), b.rows(), c, "A·B");
        backend.gemm(false, false, a.rows(), b.cols(), a.cols(), 1.0,
                a.data(), a.cols(), b.data(), b.cols(), accumulate ? 1.0 : 0.0, c.data(), c.cols());
    }

    /**
     * C = A·Bᵀ (or C += A·Bᵀ).
     * @param a m × k
     * @param b n × k
     * @param c m × n, written
     * @param accumulate add to C instead of overwriting it
     */
    public static void timesTranspose(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        check(a.rows(), b.rows(), a.cols(), b.cols(), c, "A·Bᵀ");
        backend.gemm(false, true, a.rows(), b.rows(), a.cols(), 1.0,
                a.data(), a.cols(), b.data(), b.cols(), accumulate ? 1.0 : 0.0, c.data(), c.cols());
    }

    /**
     * C = Aᵀ·B (or C += Aᵀ·B).
     * @param a k × m
     * @param b k × n
     * @param c m × n, written
     * @param accumulate add to C instead of overwriting it
     */
    public static void transposeTimes(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        check(a.cols(), b.cols(), a.rows(), b.rows(), c, "Aᵀ·B");
        backend.gemm(true, false, a.cols(), b.cols(), a.rows(), 1.0,
                a.data(), a.cols(), b.data(), b.cols(), accumulate ? 1.0 : 0.0, c.data(), c.cols());
    }

    private static void check(int m, int n, int k, int kOther, Matrix c, String op) {
        if (k != kOther || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException(op + ": inner dimensions " + k + " vs " + kOther
                    + ", output " + c.rows() + "×" + c.cols() + " expected " + m + "×" + n);
        }
    }
}
