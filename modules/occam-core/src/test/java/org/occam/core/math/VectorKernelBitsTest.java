package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector backend's current kernels (tail columns with whole-vector loads and scalar lane steps,
 * two-column dot products for narrow outputs, the bias added in the write-back) against the vector
 * backend as it was before them ({@link ReferenceVectorGemmBackend}): the same bits on random shapes
 * with ragged edges — widths that are no multiple of the vector width, one-row products, products
 * over the last short block of a batch (operands that end where the array ends) — for every
 * transpose combination, overwrite and accumulate, offsets, and one or two kernel threads; and
 * {@code gemmPlusRow} against the old two passes (product, then the row added to every row of C).
 */
public class VectorKernelBitsTest extends VectorBackendTests {

    @Test
    public void theKernelsGiveTheReferenceBits() {
        GemmBackend now = new VectorGemmBackend();
        GemmBackend ref = new ReferenceVectorGemmBackend();
        SplittableRandom r = new SplittableRandom(15);
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int trial = 0; trial < 400; trial++) {
                int m = 1 + r.nextInt(trial % 4 == 0 ? 3 : 70);
                int n = 1 + r.nextInt(trial % 5 == 0 ? 9 : 140);
                int k = 1 + r.nextInt(trial % 3 == 0 ? 12 : 130);
                boolean ta = r.nextBoolean();
                boolean tb = r.nextBoolean();
                boolean acc = r.nextBoolean();
                int lda = (ta ? m : k) + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
                int ldb = (tb ? k : n) + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
                int ldc = n + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
                int aOff = r.nextInt(3) == 0 ? r.nextInt(40) : 0;
                int bOff = r.nextInt(3) == 0 ? r.nextInt(40) : 0;
                // the arrays end exactly where the operands end, as a batch's last row block does
                double[] a = random(aOff + (ta ? k : m) * lda, r);
                double[] b = random(bOff + (tb ? n : k) * ldb, r);
                double[] c0 = random(m * ldc, r);
                double[] c1 = c0.clone();
                now.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, acc ? 1.0 : 0.0, c0, 0, ldc);
                ref.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, acc ? 1.0 : 0.0, c1, 0, ldc);
                assertArrayEquals(c1, c0, () -> "gemm " + m + "×" + n + "×" + k + " ta " + ta + " tb " + tb + " acc " + acc);

                double[] row = random(n + 3, r);
                int rOff = r.nextInt(4);
                double[] d0 = random(m * ldc, r);
                double[] d1 = d0.clone();
                now.gemmPlusRow(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, row, rOff, d0, 0, ldc);
                ref.gemm(ta, tb, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, 0.0, d1, 0, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        d1[i * ldc + j] += row[rOff + j];
                    }
                }
                assertArrayEquals(d1, d0, () -> "gemmPlusRow " + m + "×" + n + "×" + k + " ta " + ta + " tb " + tb);
                checked++;
            }
        }
        assertTrue(checked == 800);
    }

    /** The benchmark's shapes, with the narrow output layers (2 and 10 units) and 1-row and 33-row batches. */
    @Test
    public void theNetworkShapesGiveTheReferenceBits() {
        GemmBackend now = new VectorGemmBackend();
        GemmBackend ref = new ReferenceVectorGemmBackend();
        SplittableRandom r = new SplittableRandom(16);
        int[] widths = {20, 64, 128, 2, 10, 37, 1};
        for (int rows : new int[]{1, 32, 33, 64}) {
            for (int in : widths) {
                for (int out : widths) {
                    double[] x = random(rows * in, r);
                    double[] w = random(out * in, r);
                    double[] bias = random(out, r);
                    double[] g = random(rows * out, r);
                    double[] y0 = new double[rows * out];
                    double[] y1 = new double[rows * out];
                    now.gemmPlusRow(false, true, rows, out, in, x, 0, in, w, 0, in, bias, 0, y0, 0, out);
                    ref.gemm(false, true, rows, out, in, 1.0, x, 0, in, w, 0, in, 0.0, y1, 0, out);
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < out; j++) {
                            y1[i * out + j] += bias[j];
                        }
                    }
                    assertArrayEquals(y1, y0, "forward " + rows + "×" + in + "→" + out);
                    double[] gw0 = random(out * in, r);
                    double[] gw1 = gw0.clone();
                    int from = rows > 32 ? 32 : 0;
                    int len = rows - from;
                    now.gemm(true, false, out, in, len, 1.0, g, from * out, out, x, from * in, in, 1.0, gw0, 0, in);
                    ref.gemm(true, false, out, in, len, 1.0, g, from * out, out, x, from * in, in, 1.0, gw1, 0, in);
                    assertArrayEquals(gw1, gw0, "weight gradient " + rows + "×" + in + "→" + out);
                    double[] gx0 = new double[rows * in];
                    double[] gx1 = new double[rows * in];
                    now.gemm(false, false, rows, in, out, 1.0, g, 0, out, w, 0, in, 0.0, gx0, 0, in);
                    ref.gemm(false, false, rows, in, out, 1.0, g, 0, out, w, 0, in, 0.0, gx1, 0, in);
                    assertArrayEquals(gx1, gx0, "input gradient " + rows + "×" + in + "→" + out);
                }
            }
        }
    }
}
