package org.occam.core.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every backend against the plain triple loop, to 1e-12 relative to Σ|a·b| + |β·c| (the scale a
 * rounding error can have), on odd shapes — 1×1, 7×13×5, widths that are no multiple of the vector
 * length — with every transpose combination, α and β, row strides and offsets; the same bits
 * for 1, 2 and 3 kernel threads; and the {@link Gemm} front: named products, backend
 * selection, thread settings and back-off, and the fallback of a JVM without the vector module.
 */
public class GemmBackendTest {
    private static final double TOLERANCE = 1e-12;
    private static final int[][] SHAPES = {
            {1, 1, 1}, {7, 13, 5}, {5, 7, 13}, {13, 5, 7}, {1, 9, 3}, {9, 1, 3}, {3, 3, 1}, {2, 17, 33},
            {31, 33, 29}, {4, 32, 16}, {8, 64, 9}, {17, 130, 67}, {64, 2, 128}, {65, 10, 64}, {2, 128, 64},
            {64, 128, 2}, {36, 41, 20}, {1, 1, 70}};

    @AfterEach
    void resetThreads() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setParallelThreshold(1L << 20);
        ThreadPolicy.setBackOff(true);
    }

    static List<GemmBackend> backends() {
        List<GemmBackend> list = new ArrayList<>();
        list.add(new JavaGemmBackend());
        if (Gemm.vectorAvailable()) {
            list.add(new VectorGemmBackend());
        }
        return list;
    }

    /** The definition, no tricks: C = α·op(A)·op(B) + β·C. */
    static void reference(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                          double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0 ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }

    /** Σ_p |a·b|·|α| + |β·c|, the scale of the rounding error of element (i, j). */
    private static double scale(boolean ta, boolean tb, int k, double alpha, double[] a, int aOff, int lda,
                                double[] b, int bOff, int ldb, double beta, double c, int i, int j) {
        double s = 0;
        for (int p = 0; p < k; p++) {
            double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            s += Math.abs(av * bv);
        }
        return Math.abs(alpha) * s + (beta == 0 ? 0 : Math.abs(beta * c));
    }

    private static double[] random(SplittableRandom rng, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    /** One case, with padding around A, B and C to check offsets and strides. */
    private static void check(GemmBackend backend, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
                              SplittableRandom rng) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 1;
        int ldc = n + 2;
        int aOff = 5;
        int bOff = 2;
        int cOff = 7;
        double[] a = random(rng, aOff + aRows * lda);
        double[] b = random(rng, bOff + bRows * ldb);
        double[] c0 = random(rng, cOff + m * ldc + 4);
        if (beta == 0) {
            for (int i = 0; i < m; i++) {
                c0[cOff + i * ldc] = Double.NaN;     // β = 0 must ignore C, even NaN
            }
        }
        double[] expected = c0.clone();
        reference(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        double[] actual = c0.clone();
        backend.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        String what = backend.name() + " " + (ta ? "Aᵀ" : "A") + "·" + (tb ? "Bᵀ" : "B") + " " + m + "×" + n + "×" + k
                + " α=" + alpha + " β=" + beta;
        for (int idx = 0; idx < actual.length; idx++) {
            int r = idx - cOff;
            boolean inside = r >= 0 && r / ldc < m && r % ldc < n;
            if (!inside) {
                assertEquals(Double.doubleToRawLongBits(c0[idx]), Double.doubleToRawLongBits(actual[idx]),
                        what + ": wrote outside C at " + idx);
                continue;
            }
            int i = r / ldc;
            int j = r % ldc;
            double tol = TOLERANCE * scale(ta, tb, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c0[idx], i, j);
            if (!(Math.abs(actual[idx] - expected[idx]) <= tol)) {
                fail(what + ": C[" + i + "," + j + "] = " + actual[idx] + ", expected " + expected[idx]);
            }
        }
    }

    @Test
    public void everyBackendMatchesTheReferenceLoop() {
        SplittableRandom rng = new SplittableRandom(42);
        for (GemmBackend backend : backends()) {
            for (int[] s : SHAPES) {
                for (int t = 0; t < 4; t++) {
                    for (double[] ab : new double[][]{{1, 0}, {1, 1}, {2.5, -0.5}, {-1, 0}}) {
                        check(backend, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], rng);
                    }
                }
            }
        }
    }

    @Test
    public void vectorWidthEdgesMatchTheReferenceLoop() {
        SplittableRandom rng = new SplittableRandom(7);
        for (GemmBackend backend : backends()) {
            for (int n = 1; n <= 70; n += 3) {
                for (int m = 1; m <= 9; m++) {
                    check(backend, false, m % 2 == 0, m, n, 11, 1, m % 3 == 0 ? 1 : 0, rng);
                    check(backend, true, false, m, n, 6, 1, 1, rng);
                }
            }
        }
    }

    @Test
    public void degenerateShapes() {
        SplittableRandom rng = new SplittableRandom(3);
        for (GemmBackend backend : backends()) {
            check(backend, false, false, 3, 4, 0, 1, 0, rng);      // k = 0: C = 0
            check(backend, false, true, 3, 4, 0, 1, 2, rng);       // k = 0: C = βC
            check(backend, true, true, 3, 4, 5, 0, 1, rng);        // α = 0: C unchanged
            backend.gemm(false, false, 0, 5, 3, 1, new double[0], 3, new double[15], 5, 0, new double[0], 5);
        }
    }

    @Test
    public void theSameBitsForOneTwoAndThreeThreads() {
        SplittableRandom rng = new SplittableRandom(11);
        ThreadPolicy.setParallelThreshold(0);
        ThreadPolicy.setBackOff(false);           // keep splitting even where it does not pay
        int[][] shapes = {{64, 128, 128}, {7, 130, 33}, {2, 128, 64}, {65, 10, 64}, {9, 9, 9}, {256, 20, 64}};
        for (GemmBackend backend : backends()) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    double[] a = random(rng, m * k);
                    double[] b = random(rng, k * n);
                    double[] c0 = random(rng, m * n);
                    double[][] results = new double[3][];
                    for (int threads = 1; threads <= 3; threads++) {
                        ThreadPolicy.setThreads(threads);
                        double[] c = c0.clone();
                        backend.gemm(ta, tb, m, n, k, 1.0, a, ta ? m : k, b, tb ? k : n, 1.0, c, n);
                        results[threads - 1] = c;
                    }
                    assertArrayEquals(results[0], results[1], backend.name() + " " + m + "×" + n + "×" + k + " 2 threads");
                    assertArrayEquals(results[0], results[2], backend.name() + " " + m + "×" + n + "×" + k + " 3 threads");
                }
            }
        }
    }

    @Test
    public void concurrentCallersGetTheirOwnResults() throws Exception {
        ThreadPolicy.setThreads(2);
        ThreadPolicy.setParallelThreshold(0);
        ThreadPolicy.setBackOff(false);           // keep splitting even where it does not pay
        SplittableRandom rng = new SplittableRandom(5);
        Matrix a = new Matrix(48, 40, random(rng, 48 * 40));
        Matrix b = new Matrix(40, 72, random(rng, 40 * 72));
        Matrix expected = new Matrix(48, 72);
        Gemm.times(a, b, expected, false);
        Thread[] ts = new Thread[3];
        Throwable[] errors = new Throwable[ts.length];
        for (int t = 0; t < ts.length; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    Matrix c = new Matrix(48, 72);
                    for (int r = 0; r < 300; r++) {
                        Gemm.times(a, b, c, false);
                        assertArrayEquals(expected.data(), c.data());
                    }
                } catch (Throwable e) {
                    errors[id] = e;
                }
            });
            ts[t].start();
        }
        for (int t = 0; t < ts.length; t++) {
            ts[t].join();
            if (errors[t] != null) {
                throw new AssertionError("thread " + t, errors[t]);
            }
        }
    }

    @Test
    public void theTestJvmRunsTheVectorBackend() {
        assertTrue(Gemm.vectorAvailable(), "the surefire argLine must add --add-modules jdk.incubator.vector, "
                + "or the tests silently run the slow path");
        assertEquals("vector", Gemm.backend().name());
    }

    // ---- the Gemm front (shape checks: GemmTest): named products, backend selection, thread settings, fallback

    @Test
    public void namedProducts() {
        Matrix a = Matrix.of(new double[]{1, 2, 3}, new double[]{4, 5, 6});          // 2×3
        Matrix b = Matrix.of(new double[]{1, 0}, new double[]{0, 1}, new double[]{1, 1}); // 3×2
        Matrix c = new Matrix(2, 2);
        Gemm.times(a, b, c, false);
        assertArrayEquals(new double[]{4, 5, 10, 11}, c.data());
        Gemm.times(a, b, c, true);
        assertArrayEquals(new double[]{8, 10, 20, 22}, c.data());
        Matrix d = new Matrix(2, 2);
        Gemm.timesTranspose(a, a, d, false);                                            // A·Aᵀ
        assertArrayEquals(new double[]{14, 32, 32, 77}, d.data());
        Matrix e = new Matrix(3, 3);
        Gemm.transposeTimes(a, a, e, false);                                            // Aᵀ·A
        assertArrayEquals(new double[]{17, 22, 27, 22, 29, 36, 27, 36, 45}, e.data());
    }

    @Test
    public void selectionPicksVectorOnlyWhenAvailable() {
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend("auto", false));
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend(null, false));
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend("java", true));
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend(" JAVA ", false));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Gemm.selectBackend("vector", false));
        assertTrue(missing.getMessage().contains("--add-modules jdk.incubator.vector"), missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Gemm.selectBackend("blas", true));
        assertTrue(unknown.getMessage().contains("'blas'"), unknown.getMessage());
        if (Gemm.vectorAvailable()) {
            assertEquals("vector", Gemm.selectBackend("auto", true).name());
            assertEquals("vector", Gemm.selectBackend("vector", true).name());
        }
    }

    @Test
    public void threadSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.setParallelThreshold(-1));
        assertEquals(1, ThreadPolicy.threads());
    }

    /**
     * The accumulation contract the fixed-block gradient reduction relies on: with β = 1 each element
     * is its old value plus its sum formed from zero, so accumulating row blocks one after the other
     * gives the bits of computing each block apart and adding it — for every backend, product and
     * shape (full tiles, edge tiles, scalar tails), on one and two threads.
     */
    @Test
    public void accumulatingAddsASumFormedFromZero() {
        SplittableRandom r = new SplittableRandom(41);
        for (GemmBackend backend : backends()) {
            for (int threads = 1; threads <= 2; threads++) {
                ThreadPolicy.setThreads(threads);
                ThreadPolicy.setParallelThreshold(0);
                ThreadPolicy.setBackOff(false);
                for (int[] s : new int[][]{{37, 21, 32}, {128, 20, 33}, {3, 10, 5}, {64, 64, 31}}) {
                    int m = s[0], n = s[1], k = s[2];
                    for (boolean ta : new boolean[]{false, true}) {
                        for (boolean tb : new boolean[]{false, true}) {
                            double[] a = new double[m * k];
                            double[] b = new double[k * n];
                            double[] c = new double[m * n];
                            for (int i = 0; i < a.length; i++) { a[i] = r.nextGaussian(); }
                            for (int i = 0; i < b.length; i++) { b[i] = r.nextGaussian(); }
                            for (int i = 0; i < c.length; i++) { c[i] = r.nextGaussian() * 1e3; }
                            int lda = ta ? m : k;
                            int ldb = tb ? k : n;
                            double[] sum = new double[m * n];
                            backend.gemm(ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, sum, n);
                            double[] expected = c.clone();
                            for (int i = 0; i < expected.length; i++) {
                                expected[i] += sum[i];
                            }
                            backend.gemm(ta, tb, m, n, k, 1.0, a, lda, b, ldb, 1.0, c, n);
                            assertArrayEquals(expected, c, backend.name() + " " + threads + " threads, " + m + "×" + n + "×" + k
                                    + (ta ? " Aᵀ" : " A") + (tb ? "·Bᵀ" : "·B"));
                        }
                    }
                }
            }
        }
    }

    /** A JVM started without --add-modules jdk.incubator.vector falls back to the java backend and computes right. */
    @Test
    public void aJvmWithoutTheVectorModuleFallsBackToJava() throws IOException, InterruptedException {
        assertEquals("java 1 ok", probe(List.of()));
        assertEquals("java 2 ok", probe(List.of("-Doccam.threads=2")));
        String forced = probe(List.of("-Doccam.gemm=vector"));
        assertTrue(forced.contains("--add-modules jdk.incubator.vector"), forced);
    }

    private static String probe(List<String> flags) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(flags);
        cmd.add(FallbackProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        return out;
    }
}
