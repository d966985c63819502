package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An untransposed B copied into panels ({@link VectorGemmBackend#rowPanels}, a layer's input gradient G·W
 * with more than 16 rows of W): every value of B's rows where the panel layout puts it, the last panel's
 * padding zero in a buffer left full of NaN by an earlier pack, B at offsets and with longer rows; and the
 * products A·B, on both sides of the row threshold, ragged shapes, one and two threads, C = A·B and
 * C += A·B, equal to plain chains of fused multiply-adds with signed zeros in the operands.
 */
public class RowPanelsTest extends VectorBackendTests {

    @Test
    public void rowPanelsHoldBsRowsAndZeroPadding() {
        VectorGemmBackend backend = new VectorGemmBackend();
        int nr = backend.panelWidth();
        assumeTrue(nr > 0, "this machine's vector backend packs no panels");
        int pad = backend.panelPad();
        int stride = backend.panelStride();
        SplittableRandom r = new SplittableRandom(21);
        int checked = 0;
        for (int n : new int[]{1, 3, 4, 5, 10, 12, 13, 16, 24, 25, 128, 130}) {
            for (int k : new int[]{17, 20, 64, 128}) {
                for (int layout = 0; layout < 2; layout++) {
                    int ldb = layout == 0 ? n : n + 3;
                    int bOff = layout == 0 ? 0 : 5;
                    double[] b = random(bOff + (k - 1) * ldb + n, r);       // B ends where its array ends
                    Arrays.fill(backend.rowPanels(random(140 * 130, r), 0, 140, 140, 130), Double.NaN);
                    double[] panels = backend.rowPanels(b, bOff, ldb, n, k);
                    for (int jb = 0; jb < n; jb += nr) {
                        int w = Math.min(nr, n - jb);
                        int pw = Math.min(nr, (w + pad - 1) / pad * pad);
                        int base = jb / nr * stride * k;
                        int st = pw == nr ? stride : pw;
                        for (int p = 0; p < k; p++) {
                            for (int x = 0; x < pw; x++) {
                                double want = x < w ? b[bOff + p * ldb + jb + x] : 0.0;
                                assertEquals(Double.doubleToRawLongBits(want),
                                        Double.doubleToRawLongBits(panels[base + p * st + x]),
                                        "n " + n + " k " + k + " ldb " + ldb + " column " + (jb + x) + " p " + p);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100_000, "values checked: " + checked);
    }

    @Test
    public void productsThroughRowPanelsArePlainFmaChains() {
        VectorGemmBackend backend = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(22);
        int[][] shapes = {{64, 128, 128}, {32, 128, 128}, {5, 128, 17}, {64, 20, 128}, {13, 130, 17}, {7, 10, 40},
            {64, 128, 16}, {64, 64, 128}};
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int lda = k + 1;
                int ldb = n + 2;
                int ldc = n + 3;
                for (int add = 0; add < 2; add++) {
                    double[] a = gaussianWithZeros(4 + m * lda, r);
                    double[] b = gaussianWithZeros(6 + k * ldb, r);
                    double[] c = random(m * ldc, r);
                    double[] want = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0.0;
                            for (int p = 0; p < k; p++) {
                                acc = Math.fma(a[4 + i * lda + p], b[6 + p * ldb + j], acc);
                            }
                            want[i * ldc + j] = add == 1 ? want[i * ldc + j] + acc : acc;
                        }
                    }
                    backend.gemm(false, false, m, n, k, 1.0, a, 4, lda, b, 6, ldb, add, c, 0, ldc);
                    for (int x = 0; x < m * ldc; x++) {
                        assertEquals(Double.doubleToRawLongBits(want[x]), Double.doubleToRawLongBits(c[x]),
                                m + "×" + n + "×" + k + " add " + add + " threads " + threads + " element " + x);
                    }
                }
            }
        }
    }
}
