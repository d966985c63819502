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
 * <p>
 * <b>Backend</b>, chosen once when this class loads and logged at INFO: the system property
 * {@code occam.gemm} is {@code auto} (default: {@code vector} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} on a machine with SIMD registers, else {@code java}),
 * {@code vector} ({@link VectorGemmBackend}; an error if the module is missing) or {@code java}
 * ({@link JavaGemmBackend}, portable). {@link #setBackend} replaces it at run time.
 * <p>
 * <b>Threads</b>: products above {@link ThreadPolicy#parallelThreshold()} flops may be split
 * between worker threads along rows or columns of C, never inside a sum, so results are
 * bit-identical for any thread count; {@link ThreadPolicy} decides whether a second thread is used.
 * <p>
 * <b>Accumulation</b>: with {@code accumulate}, every backend computes each element's sum over k
 * from zero and then adds it to C's old value ({@code c + Σ}), so that accumulating products of
 * consecutive row blocks into one C gives the same bits as computing each block apart and adding
 * them in the same order — what the training loop's fixed-block gradient reduction relies on.
 */
public final class Gemm {
    private static final Logger logger = Logger.getLogger(Gemm.class.getName());

    /** System property naming the backend: {@code auto}, {@code vector} or {@code java}. */
    public static final String BACKEND_PROPERTY = "occam.gemm";
    /** The module the vector backend needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static volatile GemmBackend backend;

    static {
        backend = selectBackend(System.getProperty(BACKEND_PROPERTY, "auto"), vectorAvailable());
        logger.info(() -> "GEMM backend: " + describe(backend) + ", kernel threads: " + ThreadPolicy.threads());
    }

    private Gemm() {}

    /**
     * Picks the backend for a requested name.
     * @param requested {@code auto}, {@code vector} or {@code java} (case-insensitive)
     * @param vectorAvailable whether the Vector API can be used (see {@link #vectorAvailable()})
     * @return the backend
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException if {@code vector} is requested but not available
     */
    public static GemmBackend selectBackend(String requested, boolean vectorAvailable) {
        String r = requested == null ? "auto" : requested.trim().toLowerCase(java.util.Locale.ROOT);
        switch (r) {
            case "java":
                return new JavaGemmBackend();
            case "vector":
                if (!vectorAvailable) {
                    throw new IllegalStateException(BACKEND_PROPERTY + "=vector, but the Vector API is not available: run "
                            + "java with --add-modules " + VECTOR_MODULE + " (the ./occam launcher and the test "
                            + "configuration do), or use " + BACKEND_PROPERTY + "=java");
                }
                return newVectorBackend();
            case "auto":
                if (vectorAvailable) {
                    return newVectorBackend();
                }
                logger.info(() -> "GEMM: " + VECTOR_MODULE + " is not available (JVM flag --add-modules "
                        + VECTOR_MODULE + " missing, or no SIMD); using the portable java backend");
                return new JavaGemmBackend();
            default:
                throw new IllegalArgumentException(BACKEND_PROPERTY + ": expected auto, vector or java, found '"
                        + requested + "'");
        }
    }

    /**
     * @return true if the JVM has the {@code jdk.incubator.vector} module and its preferred double
     *         vector has at least two lanes
     */
    public static boolean vectorAvailable() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return false;
        }
        try {
            Class<?> c = Class.forName("org.occam.core.math.VectorGemmBackend");
            return (int) c.getMethod("lanes").invoke(null) >= 2;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static GemmBackend newVectorBackend() {
        try {
            return (GemmBackend) Class.forName("org.occam.core.math.VectorGemmBackend").getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector GEMM backend: " + e, e);
        }
    }

    private static String describe(GemmBackend b) {
        return b.toString();   // never names VectorGemmBackend here: this class must load without the module
    }

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
     * C = A·Bᵀ + 1·r: r added to every row of the product, each element {@code (Σ_p a_ip·b_jp) + r_j}
     * — the same bits as {@link #timesTranspose} followed by adding r to every row (a dense layer's
     * {@code x·Wᵀ + b}), with the addition in the kernel's write-back where the backend can.
     * @param a m × k
     * @param b n × k
     * @param r 1 × n
     * @param c m × n, written
     */
    public static void timesTransposePlusRow(Matrix a, Matrix b, Matrix r, Matrix c) {
        check(a.rows(), b.rows(), a.cols(), b.cols(), c, "A·Bᵀ + r");
        if (r.rows() != 1 || r.cols() != b.rows()) {
            throw new IllegalArgumentException("A·Bᵀ + r: r is " + r.rows() + "×" + r.cols() + ", expected 1×" + b.rows());
        }
        backend.gemmPlusRow(false, true, a.rows(), b.rows(), a.cols(), a.data(), 0, a.cols(), b.data(), 0, b.cols(),
                r.data(), 0, c.data(), 0, c.cols());
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

    /**
     * C = A[from, to)ᵀ·B[from, to) (or C += …): the product of the rows {@code [from, to)} of A and
     * B, as a weight gradient of one row block.
     * @param a rows × m
     * @param b rows × n
     * @param from first row
     * @param to end row (exclusive)
     * @param c m × n, written
     * @param accumulate add to C instead of overwriting it
     */
    public static void transposeTimesRows(Matrix a, Matrix b, int from, int to, Matrix c, boolean accumulate) {
        if (from < 0 || to > a.rows() || from > to || a.rows() != b.rows()) {
            throw new IllegalArgumentException("Aᵀ·B: rows [" + from + ", " + to + ") of " + a.rows() + " and " + b.rows());
        }
        check(a.cols(), b.cols(), to - from, to - from, c, "Aᵀ·B");
        backend.gemm(true, false, a.cols(), b.cols(), to - from, 1.0, a.data(), from * a.cols(), a.cols(),
                b.data(), from * b.cols(), b.cols(), accumulate ? 1.0 : 0.0, c.data(), 0, c.cols());
    }

    private static void check(int m, int n, int k, int kOther, Matrix c, String op) {
        if (k != kOther || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException(op + ": inner dimensions " + k + " vs " + kOther
                    + ", output " + c.rows() + "×" + c.cols() + " expected " + m + "×" + n);
        }
    }
}
