package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Aᵀ·B with B in place, the product of a layer's weight gradient Gᵀ·X (A = G, its rows the batch's rows), on the
 * vector backend, bit for bit against each element's plain chain {@code acc = fma(a_pi, b_pj, acc)} for
 * p = 0, 1, … from +0, then {@code c + acc} or {@code acc}: every row count from 1 to 20 and 64, 97, 128
 * (6-row tiles and the rows left over), column counts around whole pairs of vectors, k from 1 to 33 around
 * the reduction block of 32, operands at offsets with padded rows, overwrite and accumulate, zeros and −0 in
 * the operands and in C, one thread and two threads splitting C.
 */
public class WeightGradientTilesTest extends VectorBackendTests {

    private static void plainChains(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                    boolean add, double[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + p * lda + i], b[bOff + p * ldb + j], acc);
                }
                c[i * ldc + j] = add ? c[i * ldc + j] + acc : acc;
            }
        }
    }

    @Test
    public void transposedATimesBInPlaceGivesPlainFmaChains() {
        GemmBackend now = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(632);
        int lanes = VectorGemmBackend.lanes();
        int[] ms = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 64, 97, 128};
        int[] ns = {1, lanes - 1, lanes, 2 * lanes - 1, 2 * lanes, 2 * lanes + 1, 3 * lanes, 5 * lanes, 20, 64, 130};
        int[] ks = {1, 2, 3, 31, 32, 33};
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int m : ms) {
                for (int n : ns) {
                    if (n < 1) {
                        continue;
                    }
                    for (int k : ks) {
                        boolean add = ((m + n + k) & 1) != 0;
                        int lda = m + (n % 3);          // G's row length: at least m (the layer's outputs)
                        int ldb = n + (m % 2);          // X's row length
                        int ldc = n + (k % 2);
                        int aOff = 1 + m % 3;
                        int bOff = k % 4;
                        double[] a = gaussianWithZeros(aOff + k * lda, r);
                        double[] b = gaussianWithZeros(bOff + k * ldb, r);
                        double[] c0 = gaussianWithZeros(m * ldc, r);
                        double[] c1 = c0.clone();
                        now.gemm(true, false, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, add ? 1.0 : 0.0, c0, 0, ldc);
                        plainChains(m, n, k, a, aOff, lda, b, bOff, ldb, add, c1, ldc);
                        int mm = m, nn = n, kk = k;
                        assertArrayEquals(c1, c0, () -> "Aᵀ·B " + mm + "×" + nn + "×" + kk + " add " + add
                                + " threads " + ThreadPolicy.threads());
                        checked++;
                    }
                }
            }
        }
        assertEquals(2 * ms.length * ns.length * ks.length, checked);
    }

    /**
     * B's rows a multiple of 128 values apart (a 128- or 256-input layer), where the kernel copies each pair of B's
     * vector columns to a buffer before its 6-row tiles: row counts from 24 (the fewest that take the copy) with
     * rows left over, columns short of B's row and past the last pair of vectors, k around the reduction block,
     * offsets, overwrite and accumulate, one and two threads, against plain chains.
     */
    @Test
    public void rowsOneKibApartGivePlainFmaChains() {
        GemmBackend now = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(1024);
        int lanes = VectorGemmBackend.lanes();
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int ldb : new int[]{128, 256}) {
                for (int m : new int[]{23, 24, 29, 64, 128}) {
                    for (int n : new int[]{2 * lanes, 2 * lanes + 1, 3 * lanes, 64 + 3, 128}) {
                        for (int k : new int[]{1, 5, 32, 33}) {
                            boolean add = ((m + n + k) & 1) != 0;
                            int lda = m + (k % 3);
                            int ldc = n + (m % 2);
                            int aOff = k % 5;
                            int bOff = 1 + m % 3;
                            double[] a = gaussianWithZeros(aOff + k * lda, r);
                            double[] b = gaussianWithZeros(bOff + (k - 1) * ldb + n, r);
                            double[] c0 = gaussianWithZeros(m * ldc, r);
                            double[] c1 = c0.clone();
                            now.gemm(true, false, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, add ? 1.0 : 0.0, c0, 0, ldc);
                            plainChains(m, n, k, a, aOff, lda, b, bOff, ldb, add, c1, ldc);
                            int mm = m, nn = n, kk = k, lb = ldb;
                            assertArrayEquals(c1, c0, () -> "Aᵀ·B " + mm + "×" + nn + "×" + kk + " ldb " + lb
                                    + " add " + add + " threads " + ThreadPolicy.threads());
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(2 * 2 * 5 * 5 * 4, checked);
    }

    /**
     * The benchmark layers' weight gradients as Dense forms them: 32-row blocks of a 64-row batch (and a 33-row
     * batch's ragged block), each block's sums from +0 added to the gradient in block order, against plain
     * chains; operands end where their arrays end.
     */
    @Test
    public void layerShapesInReductionBlocksGivePlainFmaChains() {
        GemmBackend now = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(64);
        int[][] layers = {{20, 128}, {128, 128}, {128, 2}, {64, 128}, {128, 10}};
        for (int[] layer : layers) {
            int in = layer[0];
            int out = layer[1];
            for (int rows : new int[]{64, 33}) {
                double[] g = gaussianWithZeros(rows * out, r);
                double[] x = gaussianWithZeros(rows * in, r);
                double[] gw = gaussianWithZeros(out * in, r);
                double[] want = gw.clone();
                for (int from = 0; from < rows; from += 32) {
                    int to = Math.min(rows, from + 32);
                    now.gemm(true, false, out, in, to - from, 1.0, g, from * out, out, x, from * in, in, 1.0, gw, 0, in);
                    plainChains(out, in, to - from, g, from * out, out, x, from * in, in, true, want, in);
                }
                assertArrayEquals(want, gw, in + "→" + out + ", " + rows + " rows");
            }
        }
    }
}
