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
 * <b>Threads</b>: {@code occam.threads} (default 1) or {@link #setThreads} sets how many threads
 * one product may use. Work is split only along rows or columns of C, never inside a sum, so the
 * results are bit-identical for any thread count. Small products (below
 * {@link #parallelThreshold()} flops) always run on the calling thread, and where timing shows that
 * splitting does not make products faster (CPUs that do not really run in parallel), the threads
 * back off ({@link #threadsBackedOff()}, logged). {@link #runBoth} gives the second thread a whole
 * task instead (the training loop's minibatch halves).
 */
public final class Gemm {
    private static final Logger logger = Logger.getLogger(Gemm.class.getName());

    /** System property naming the backend: {@code auto}, {@code vector} or {@code java}. */
    public static final String BACKEND_PROPERTY = "occam.gemm";
    /** System property with the kernel thread count (≥ 1). */
    public static final String THREADS_PROPERTY = "occam.threads";
    /** The module the vector backend needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static volatile GemmBackend backend;

    static {
        backend = selectBackend(System.getProperty(BACKEND_PROPERTY, "auto"), vectorAvailable());
        GemmThreads.setThreads(parseThreads(System.getProperty(THREADS_PROPERTY, "1")));
        logger.info(() -> "GEMM backend: " + describe(backend) + ", kernel threads: " + threads());
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

    private static int parseThreads(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_PROPERTY + ": expected an integer ≥ 1, found '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(THREADS_PROPERTY + ": expected an integer ≥ 1, found " + n);
        }
        return n;
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

    /** @return how many threads one product may use */
    public static int threads() {
        return GemmThreads.threads();
    }

    /**
     * Sets how many threads one product may use (1 = the calling thread only). Results do not
     * depend on it.
     * @param threads ≥ 1
     */
    public static void setThreads(int threads) {
        GemmThreads.setThreads(threads);
    }

    /**
     * @return true if the kernel threads stopped splitting products because the extra threads did
     *         not run concurrently with the calling one (see the log); reset by {@link #setThreads}
     */
    public static boolean threadsBackedOff() {
        return GemmThreads.backedOff();
    }

    /**
     * Turns the back-off of {@link #threadsBackedOff()} on (default) or off; off makes every product
     * above the threshold split, however slow that is — for tests of the split itself.
     * @param enabled whether the pool may stop splitting
     */
    public static void setThreadBackOff(boolean enabled) {
        GemmThreads.setBackOffEnabled(enabled);
    }

    /** @return whether the thread pools may stop using a second thread where it does not pay (see {@link #setThreadBackOff}) */
    public static boolean threadBackOff() {
        return GemmThreads.backOffEnabled();
    }

    /**
     * Runs two independent tasks at the same time, {@code first} on the calling thread and
     * {@code second} on a kernel thread, when {@link #threads()} ≥ 2 and the kernel threads are not
     * busy with another caller; otherwise one after the other on the calling thread, {@code first}
     * first. The tasks must not touch memory the other one writes, so the results are the same
     * either way. Products computed inside the tasks are not split further.
     * @param first the task for the calling thread
     * @param second the task for a kernel thread (run by the calling thread after {@code first} if the
     *        kernel thread has not started it by then)
     * @return true if a kernel thread ran {@code second}
     */
    public static boolean runBoth(Runnable first, Runnable second) {
        return GemmThreads.both(first, second);
    }

    /**
     * Runs {@code first}, then {@code second}, on the calling thread, with the products they compute
     * unsplit (as inside {@link #runBoth}): the one-thread way of running the same two tasks.
     * @param first the first task
     * @param second the second task
     */
    public static void runInTurn(Runnable first, Runnable second) {
        GemmThreads.inTurn(first, second);
    }

    /** @return how many {@link #runBoth} calls so far had a kernel thread run their second task (for benchmarks) */
    public static long concurrentPairs() {
        return GemmThreads.concurrentPairs();
    }

    /** @return the size (2·m·n·k flops) from which a product is split between threads */
    public static long parallelThreshold() {
        return GemmThreads.parallelThreshold();
    }

    /**
     * Sets the size (2·m·n·k flops) from which a product is split between threads.
     * @param flops ≥ 0 (0 splits every product that has enough rows or columns)
     */
    public static void setParallelThreshold(long flops) {
        GemmThreads.setParallelThreshold(flops);
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
