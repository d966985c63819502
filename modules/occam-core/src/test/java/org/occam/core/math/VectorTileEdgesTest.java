package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every edge of the vector backend's register tiles, bit for bit against {@link ReferenceVectorGemmBackend}
 * (the kernels as they were before the 4-lane tiles and panels): every row count up to 9 (4-row tiles and
 * 1-row edges), every column count up to 3 panels of 3 vectors (whole panels, 2- and 1-vector panels, the
 * lanes past the last whole vector), short and odd k, all transposes, overwrite and accumulate,
 * {@code gemmPlusRow}, offsets, operands that end where their arrays end, one thread and two threads
 * splitting C's columns. On 8-lane machines the same shapes check the 4 × 4 tile's edges. And the panel
 * layout of {@link BlockedGemmBackend#packPanels} element by element.
 */
public class VectorTileEdgesTest extends VectorBackendTests {

    @Test
    public void everyTileEdgeGivesTheReferenceBits() {
        GemmBackend now = new VectorGemmBackend();
        GemmBackend ref = new ReferenceVectorGemmBackend();
        SplittableRandom r = new SplittableRandom(2026);
        int lanes = VectorGemmBackend.lanes();
        int maxN = 3 * 3 * lanes + 2;
        int[] ks = {1, 2, 5, 17};
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int m = 1; m <= 9; m++) {
                for (int n = 1; n <= maxN; n++) {
                    int k = ks[(m + n) % ks.length];
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) != 0;
                        boolean tb = (t & 2) != 0;
                        boolean acc = ((m + n + t) & 1) != 0;
                        int lda = (ta ? m : k) + (n % 3 == 0 ? 1 : 0);
                        int ldb = (tb ? k : n) + (m % 3 == 0 ? 2 : 0);
                        int ldc = n + (k % 2);
                        int aOff = n % 4;
                        int bOff = m % 5;
                        double[] a = random(aOff + (ta ? k : m) * lda, r);
                        double[] b = random(bOff + (tb ? n : k) * ldb, r);
                        double[] c0 = random(m * ldc, r);
                        double[] c1 = c0.clone();
                        now.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, acc ? 1.0 : 0.0, c0, 0, ldc);
                        ref.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, acc ? 1.0 : 0.0, c1, 0, ldc);
                        int mm = m, nn = n, kk = k;
                        assertArrayEquals(c1, c0, () -> "gemm " + mm + "×" + nn + "×" + kk + " ta " + ta + " tb " + tb
                                + " acc " + acc + " threads " + ThreadPolicy.threads());

                        double[] row = random(n + 2, r);
                        double[] d0 = random(m * ldc, r);
                        double[] d1 = d0.clone();
                        now.gemmPlusRow(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, row, 1, d0, 0, ldc);
                        ref.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, 0.0, d1, 0, ldc);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                d1[i * ldc + j] += row[1 + j];
                            }
                        }
                        assertArrayEquals(d1, d0, () -> "gemmPlusRow " + mm + "×" + nn + "×" + kk + " ta " + ta + " tb " + tb);
                        checked++;
                    }
                }
            }
        }
        assertEquals(2 * 9 * maxN * 4, checked);
    }

    /**
     * Each element as one plain scalar chain {@code acc = fma(a_ip, b_pj, acc)} for p = 0, 1, … from 0,
     * then {@code c + acc} or {@code acc}: the contract of the vector backend's tiles.
     */
    private static void plainChains(boolean ta, boolean tb, int m, int n, int k, double[] a, int aOff, int lda,
                                    double[] b, int bOff, int ldb, boolean add, double[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + (ta ? p * lda + i : i * lda + p)];
                    double y = b[bOff + (tb ? j * ldb + p : p * ldb + j)];
                    acc = Math.fma(x, y, acc);
                }
                c[i * ldc + j] = add ? c[i * ldc + j] + acc : acc;
            }
        }
    }

    /**
     * The tiles at the training step's k (2, 10, 32, 128) and around 64, where a kernel variant is most
     * likely to switch: ragged rows and columns, all transposes, overwrite and accumulate, one and two
     * threads, against plain scalar fma chains (columns from 4 on, where no product takes the
     * dot-product path; 10 and 23 end in a partial vector of a whole panel). The edge test above stops at k = 17.
     */
    @Test
    public void stepAndLongKTilesGivePlainFmaChains() {
        GemmBackend now = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(64);
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int k : new int[]{2, 10, 32, 63, 64, 65, 128}) {
                for (int m : new int[]{1, 3, 4, 7, 8, 9, 64, 66}) {
                    for (int n : new int[]{4, 10, 12, 20, 23, 25, 128}) {
                        for (int t = 0; t < 4; t++) {
                            boolean ta = (t & 1) != 0;
                            boolean tb = (t & 2) != 0;
                            boolean add = ((m + n + k + t) & 1) != 0;
                            int lda = (ta ? m : k) + (n % 2);
                            int ldb = (tb ? k : n) + (m % 2);
                            int ldc = n + 1;
                            int aOff = 3;
                            int bOff = k % 5;
                            double[] a = random(aOff + (ta ? k : m) * lda, r);
                            double[] b = random(bOff + (tb ? n : k) * ldb, r);
                            double[] c0 = random(m * ldc, r);
                            double[] c1 = c0.clone();
                            now.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, add ? 1.0 : 0.0, c0, 0, ldc);
                            plainChains(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, add, c1, ldc);
                            int mm = m, nn = n, kk = k;
                            assertArrayEquals(c1, c0, () -> "gemm " + mm + "×" + nn + "×" + kk + " ta " + ta + " tb " + tb
                                    + " add " + add + " threads " + ThreadPolicy.threads());
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(2 * 7 * 8 * 7 * 4, checked);
    }

    /**
     * The constant-stride tiles (A's columns contiguous: a layer's forward X·Wᵀ over full panels, with the
     * bias in the write-back, and its input gradient G·W) at the benchmark layers' shapes, batches of 64,
     * 32 (a 2-thread step's half) and 5 rows, against plain fma chains plus the row (outputs narrower than
     * a vector take dot products, checked elsewhere); A and B at offsets in longer arrays, one and two threads.
     */
    @Test
    public void layerShapesWithContiguousRowsOfAGivePlainFmaChains() {
        GemmBackend now = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(128);
        int[][] layers = {{20, 128}, {128, 128}, {64, 128}, {128, 10}, {128, 2}, {128, 36}};
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int[] layer : layers) {
                int in = layer[0];
                int out = layer[1];
                for (int rows : new int[]{64, 32, 5}) {
                    double[] x = random(7 + rows * in, r);
                    double[] w = random(3 + out * in, r);
                    double[] bias = random(out, r);
                    double[] y = random(rows * out, r);
                    double[] want = new double[rows * out];
                    now.gemmPlusRow(false, true, rows, out, in, x, 7, in, w, 3, in, bias, 0, y, 0, out);
                    plainChains(false, true, rows, out, in, x, 7, in, w, 3, in, false, want, out);
                    for (int e = 0; e < want.length; e++) {
                        want[e] += bias[e % out];
                    }
                    String what = in + "→" + out + ", " + rows + " rows, threads " + threads;
                    if (out >= VectorGemmBackend.lanes()) {         // narrower outputs take the dot-product path
                        assertArrayEquals(want, y, "forward " + what);
                    }

                    double[] g = random(5 + rows * out, r);
                    double[] gx = random(rows * in, r);
                    double[] gxWant = gx.clone();
                    boolean add = rows == 32;
                    now.gemm(false, false, rows, in, out, 1.0, g, 5, out, w, 3, in, add ? 1.0 : 0.0, gx, 0, in);
                    plainChains(false, false, rows, in, out, g, 5, out, w, 3, in, add, gxWant, in);
                    assertArrayEquals(gxWant, gx, "input gradient " + what);
                }
            }
        }
    }

    /** The digits network's forward products (10 outputs: two vectors and two lanes on 4-lane machines), a 64-row batch and its 5-row last batch. */
    @Test
    public void tenOutputsGiveTheReferenceBits() {
        GemmBackend now = new VectorGemmBackend();
        GemmBackend ref = new ReferenceVectorGemmBackend();
        SplittableRandom r = new SplittableRandom(10);
        for (int rows : new int[]{64, 5}) {
            for (int in : new int[]{128, 64, 20}) {
                double[] x = random(rows * in, r);
                double[] w = random(10 * in, r);
                double[] y0 = random(rows * 10, r);
                double[] y1 = y0.clone();
                now.gemm(false, true, rows, 10, in, 1.0, x, 0, in, w, 0, in, 0.0, y0, 0, 10);
                ref.gemm(false, true, rows, 10, in, 1.0, x, 0, in, w, 0, in, 0.0, y1, 0, 10);
                assertArrayEquals(y1, y0, "forward " + rows + "×" + in + "→10");
            }
        }
    }

    @Test
    public void panelsHoldTheTransposeInPanelOrder() {
        SplittableRandom r = new SplittableRandom(3);
        int nr = 12;
        int pad = 4;
        int stride = 16;
        for (int n : new int[]{1, 4, 10, 12, 13, 24, 30}) {
            int k = 7;
            int ldb = k + 2;
            int bOff = 3;
            double[] b = random(bOff + n * ldb, r);
            double[] panels = BlockedGemmBackend.packPanels(b, bOff, ldb, n, k, nr, pad, stride);
            assertPanels(panels, n, k, nr, pad, stride, (j, p) -> b[bOff + j * ldb + p], "n " + n);
            // the next call reuses the buffer: a narrower matrix's padding must be zero again
            java.util.Arrays.fill(panels, Double.NaN);
        }
    }
}
