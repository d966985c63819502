package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Products with k = 2 (a layer's input gradient from a 2-class output, G·W, which the vector backend computes
 * with B's two rows held in registers), bit for bit against each element's plain chain
 * {@code fma(a_i1, b_1j, fma(a_i0, b_0j, +0))}, then {@code c + acc} or {@code acc}: row counts 1 to 9 and 64,
 * column counts around whole vectors and the 4-vector blocks, A as given and transposed, operands at offsets
 * with padded rows, overwrite and accumulate, +0 and −0 in the operands and in C, one thread and two threads.
 */
public class TwoStepProductTest extends VectorBackendTests {

    @Test
    public void kTwoGivesPlainFmaChains() {
        GemmBackend now = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(2);
        int lanes = VectorGemmBackend.lanes();
        int[] ms = {1, 2, 3, 4, 5, 6, 7, 8, 9, 64};
        int[] ns = {1, lanes - 1, lanes, lanes + 1, 4 * lanes - 1, 4 * lanes, 4 * lanes + 1, 5 * lanes + 3, 20, 128, 130};
        int k = 2;
        int checked = 0;
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (boolean transA : new boolean[]{false, true}) {
                for (int m : ms) {
                    for (int n : ns) {
                        if (n < 1) {
                            continue;
                        }
                        boolean add = ((m + n) & 1) != 0;
                        int lda = (transA ? m : k) + (n % 3);
                        int ldb = n + (m % 2);
                        int ldc = n + 1;
                        int aOff = 1 + m % 3;
                        int bOff = n % 4;
                        double[] a = gaussianWithZeros(aOff + (transA ? k : m) * lda, r);
                        double[] b = gaussianWithZeros(bOff + k * ldb, r);
                        double[] c0 = gaussianWithZeros(m * ldc, r);
                        double[] c1 = c0.clone();
                        now.gemm(transA, false, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, add ? 1.0 : 0.0, c0, 0, ldc);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double a0 = transA ? a[aOff + i] : a[aOff + i * lda];
                                double a1 = transA ? a[aOff + lda + i] : a[aOff + i * lda + 1];
                                double acc = Math.fma(a1, b[bOff + ldb + j], Math.fma(a0, b[bOff + j], 0.0));
                                c1[i * ldc + j] = add ? c1[i * ldc + j] + acc : acc;
                            }
                        }
                        int mm = m, nn = n;
                        boolean ta = transA;
                        assertArrayEquals(c1, c0, () -> (ta ? "Aᵀ·B " : "A·B ") + mm + "×" + nn + "×2 add " + add
                                + " threads " + ThreadPolicy.threads());
                        checked++;
                    }
                }
            }
        }
        assertEquals(2 * 2 * ms.length * ns.length, checked);
    }
}
