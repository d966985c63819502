package org.occam.core.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link GemmBackend#transposeTimesBlocks}, the weight gradient's blocks in one call, bit for bit: against
 * each element's plain chain written out here (fused multiply-adds for the vector backend, products then
 * additions for the java backend), block sums from zero added to C in block order; and against one
 * {@code gemm} per block of the {@link ReferenceVectorGemmBackend}. Ragged m and n (every register-tile
 * edge), k from 1 to 97, blocks of 1, 5, 32 and more than k, offsets and strides, overwrite (C's old
 * values, even NaN, ignored) and accumulate, one and two threads, and the −0 cases (a first block whose
 * sum is −0 is written as −0, not 0 + −0).
 */
public class TransposeTimesBlocksTest {

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setParallelThreshold(1L << 20);
        ThreadPolicy.setBackOff(true);
    }

    private static double[] random(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    /**
     * The contract written out: for each element, each block's sum from +0 ({@code fma} or {@code s + a·b}),
     * the first written as is (overwrite) or added to C's old value, the later ones added.
     */
    private static void expected(boolean fma, int m, int n, int k, int block, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                for (int p0 = 0; p0 < k; p0 += block) {
                    double s = 0.0;
                    for (int p = p0; p < Math.min(k, p0 + block); p++) {
                        double x = a[aOff + p * lda + i];
                        double y = b[bOff + p * ldb + j];
                        s = fma ? Math.fma(x, y, s) : s + x * y;
                    }
                    c[ci] = p0 == 0 && !accumulate ? s : c[ci] + s;
                }
            }
        }
    }

    private static int check(GemmBackend backend, boolean fma, SplittableRandom r, int[] ms, int[] ns, int[] ks,
                             int[] blocks) {
        int checked = 0;
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    int block = blocks[(m + n + k) % blocks.length];
                    boolean acc = ((m + 2 * n + k) & 1) != 0;
                    int lda = m + (n % 3 == 0 ? 1 : 0);
                    int ldb = n + (m % 3 == 0 ? 2 : 0);
                    int ldc = n + (k % 2);
                    int aOff = n % 4;
                    int bOff = m % 5;
                    int cOff = k % 3;
                    double[] a = random(aOff + k * lda, r);
                    double[] b = random(bOff + k * ldb, r);       // B ends where its array ends
                    double[] c0 = random(cOff + m * ldc, r);
                    if (!acc) {
                        c0[cOff] = Double.NaN;                    // ignored when the first block overwrites
                    }
                    double[] want = c0.clone();
                    double[] ref = c0.clone();
                    backend.transposeTimesBlocks(m, n, k, block, a, aOff, lda, b, bOff, ldb, acc, c0, cOff, ldc);
                    expected(fma, m, n, k, block, a, aOff, lda, b, bOff, ldb, acc, want, cOff, ldc);
                    String what = backend.name() + " " + m + "×" + n + "×" + k + " block " + block + " acc " + acc
                            + " threads " + ThreadPolicy.threads();
                    assertArrayEquals(want, c0, what);
                    if (fma && Gemm.vectorAvailable()) {
                        GemmBackend reference = new ReferenceVectorGemmBackend();
                        for (int p0 = 0; p0 < k; p0 += block) {
                            reference.gemm(true, false, m, n, Math.min(block, k - p0), 1.0, a, aOff + p0 * lda, lda,
                                    b, bOff + p0 * ldb, ldb, acc || p0 > 0 ? 1.0 : 0.0, ref, cOff, ldc);
                        }
                        assertArrayEquals(ref, c0, what + " (reference backend, one gemm per block)");
                    }
                    checked++;
                }
            }
        }
        return checked;
    }

    @Test
    public void vectorBackendGivesEachBlockSumAddedInOrder() {
        assumeTrue(Gemm.vectorAvailable(), "the Vector API module is not available");
        GemmBackend vector = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(15);
        int lanes = VectorGemmBackend.lanes();
        int[] ms = {1, 2, 3, 4, 5, 7, 8, 9, 10, 13};
        int[] ns = new int[3 * 3 * lanes + 3];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = i + 1;
        }
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(threads == 1 ? 1L << 20 : 0);
            ThreadPolicy.setBackOff(false);
            checked += check(vector, true, r, ms, ns, new int[] {1, 2, 31, 33, 64}, new int[] {1, 5, 32, 200});
        }
        assertEquals(2 * ms.length * ns.length * 5, checked);
    }

    @Test
    public void layerShapesAndEveryRowCountUpTo97() {
        assumeTrue(Gemm.vectorAvailable(), "the Vector API module is not available");
        SplittableRandom r = new SplittableRandom(16);
        int[] ks = new int[97];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = i + 1;
        }
        // the benchmark networks' weight gradients: 128 × 20, 128 × 64, 128 × 128, 2 × 128, 10 × 128
        check(new VectorGemmBackend(), true, r, new int[] {2, 10, 128}, new int[] {20, 64, 128}, ks, new int[] {32});
        check(new JavaGemmBackend(), false, r, new int[] {2, 128}, new int[] {20, 128}, new int[] {1, 31, 64, 97},
                new int[] {32});
    }

    @Test
    public void javaBackendGivesEachBlockSumAddedInOrder() {
        SplittableRandom r = new SplittableRandom(17);
        int[] ms = {1, 3, 4, 5, 9};
        int[] ns = {1, 2, 7, 8, 9, 17};
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(threads == 1 ? 1L << 20 : 0);
            ThreadPolicy.setBackOff(false);
            check(new JavaGemmBackend(), false, r, ms, ns, new int[] {1, 6, 33}, new int[] {1, 4, 32});
        }
    }

    @Test
    public void firstBlockSumOfMinusZeroIsWrittenAsMinusZero() {
        assumeTrue(Gemm.vectorAvailable(), "the Vector API module is not available");
        // a product that underflows to −0: fma(−1e-200, 1e-200, +0) = −0, written as is (0 + −0 would be +0)
        GemmBackend backend = new VectorGemmBackend();
        int m = 5;
        int n = 13;
        double[] a = new double[2 * m];
        double[] b = new double[2 * n];
        java.util.Arrays.fill(a, 0, m, -1e-200);
        java.util.Arrays.fill(b, 0, n, 1e-200);
        double[] c = new double[m * n];
        java.util.Arrays.fill(c, Double.NaN);
        backend.transposeTimesBlocks(m, n, 1, 1, a, 0, m, b, 0, n, false, c, 0, n);
        assertBits(-0.0, c);
        // the second block's products are +0·+0, its sum +0, and −0 + +0 = +0
        backend.transposeTimesBlocks(m, n, 2, 1, a, 0, m, b, 0, n, false, c, 0, n);
        assertBits(0.0, c);
        // −0 + −0 stays −0
        java.util.Arrays.fill(c, -0.0);
        backend.transposeTimesBlocks(m, n, 1, 32, a, 0, m, b, 0, n, true, c, 0, n);
        assertBits(-0.0, c);
    }

    @Test
    public void javaBackendSumsFromPlusZeroNeverGiveMinusZero() {
        // the java backend's chain is s + a·b from +0: +0 + −0 = +0, so the same underflow gives +0
        GemmBackend backend = new JavaGemmBackend();
        double[] a = {-1e-200, -1e-200, -1e-200};
        double[] b = {1e-200, 1e-200};
        double[] c = new double[6];
        java.util.Arrays.fill(c, Double.NaN);
        backend.transposeTimesBlocks(3, 2, 1, 32, a, 0, 3, b, 0, 2, false, c, 0, 2);
        assertBits(0.0, c);
        java.util.Arrays.fill(c, -0.0);
        backend.transposeTimesBlocks(3, 2, 1, 32, a, 0, 3, b, 0, 2, true, c, 0, 2);
        assertBits(0.0, c);
    }

    private static void assertBits(double want, double[] c) {
        for (double v : c) {
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(v), () -> "found " + v);
        }
    }

    @Test
    public void emptyRowsOverwriteWithZerosOrLeaveC() {
        GemmBackend backend = Gemm.vectorAvailable() ? new VectorGemmBackend() : new JavaGemmBackend();
        double[] c = {Double.NaN, 2.0, -0.0};
        backend.transposeTimesBlocks(1, 3, 0, 32, new double[0], 0, 1, new double[0], 0, 3, true, c, 0, 3);
        assertEquals(2.0, c[1]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(c[2]));
        backend.transposeTimesBlocks(1, 3, 0, 32, new double[0], 0, 1, new double[0], 0, 3, false, c, 0, 3);
        assertArrayEquals(new double[] {0.0, 0.0, 0.0}, c);
        assertThrows(IllegalArgumentException.class,
                () -> backend.transposeTimesBlocks(1, 3, 2, 0, new double[2], 0, 1, new double[6], 0, 3, true, c, 0, 3));
    }

    @Test
    public void gemmFacadeCutsTheRowRangeIntoBlocksFromItsFirstRow() {
        SplittableRandom r = new SplittableRandom(18);
        int rows = 70;
        Matrix a = new Matrix(rows, 6, random(rows * 6, r));
        Matrix b = new Matrix(rows, 9, random(rows * 9, r));
        Matrix c = new Matrix(6, 9, random(54, r));
        Matrix want = new Matrix(6, 9, c.data().clone());
        Gemm.transposeTimesBlocks(a, b, 3, 68, 32, c, true);
        for (int from = 3; from < 68; from += 32) {
            Gemm.transposeTimesRows(a, b, from, Math.min(68, from + 32), want, true);
        }
        assertArrayEquals(want.data(), c.data());
        assertThrows(IllegalArgumentException.class, () -> Gemm.transposeTimesBlocks(a, b, 3, 71, 32, c, true));
        assertThrows(IllegalArgumentException.class, () -> Gemm.transposeTimesBlocks(a, b, 0, 4, 0, c, true));
    }
}
