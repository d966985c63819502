package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vector backend's own copy of Bᵀ into panels ({@link VectorGemmBackend#panels}: vector loads and blends
 * on 4-lane machines), and of an untransposed B ({@link VectorGemmBackend#rowPanels}): every value where
 * {@link BlockedGemmBackend#packPanels}'s layout puts it, the padding zero even in a buffer left full of NaN
 * by an earlier, larger pack, for every panel edge and every k around the vector loop's bounds, with B at the
 * start and at the end of its array; and the products that read those panels equal to plain fused
 * multiply-add chains.
 */
public class VectorPanelPackTest extends VectorBackendTests {

    @Test
    public void panelsHoldEveryValueOfTheTransposeAndZeroPadding() {
        VectorGemmBackend backend = new VectorGemmBackend();
        int nr = backend.panelWidth();
        assumeTrue(nr > 0, "this machine's vector backend packs no panels");
        int pad = backend.panelPad();
        int stride = backend.panelStride();
        SplittableRandom r = new SplittableRandom(11);
        int[] ns = {1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 16, 20, 23, 24, 25, 30, 128};
        int[] ks = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 63, 64, 127, 128};
        int checked = 0;
        for (int n : ns) {
            for (int k : ks) {
                for (int layout = 0; layout < 4; layout++) {
                    boolean rows = layout >= 2;             // B untransposed (k × n, rowPanels) or transposed (n × k)
                    int ldb = (rows ? n : k) + (layout % 2 == 0 ? 0 : 3);
                    int bOff = layout % 2 == 0 ? 0 : 5;
                    // B ends where its array ends: a load past a row's last value would leave the array
                    double[] b = random(bOff + (rows ? (k - 1) * ldb + n : (n - 1) * ldb + k), r);
                    // an earlier, larger pack leaves this thread's buffer full of other values
                    double[] stale = backend.panels(random(160 * 130, r), 0, 130, 160, 130);
                    Arrays.fill(stale, Double.NaN);
                    double[] panels = rows ? backend.rowPanels(b, bOff, ldb, n, k) : backend.panels(b, bOff, ldb, n, k);
                    int o = bOff;
                    int l = ldb;
                    checked += assertPanels(panels, n, k, nr, pad, stride,
                            rows ? (j, p) -> b[o + p * l + j] : (j, p) -> b[o + j * l + p],
                            "n " + n + " k " + k + " ldb " + ldb + (rows ? " rows" : ""));
                }
            }
        }
        assertTrue(checked > 100_000, "values checked: " + checked);
    }

    /**
     * A·Bᵀ (the forward) and A·B (the input gradient, B's rows in panels when k &gt; 16, {@link VectorGemmBackend#rowPanels})
     * through the panels, on both sides of that threshold, against plain fma chains with signed zeros in the operands.
     */
    @Test
    public void productsThroughThePanelsArePlainFmaChains() {
        VectorGemmBackend backend = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(12);
        int[][] shapes = {{64, 128, 20}, {64, 128, 128}, {64, 10, 128}, {9, 25, 7}, {5, 13, 6}, {13, 30, 9}, {64, 128, 64},
            {32, 128, 128}, {5, 128, 17}, {13, 130, 17}, {64, 128, 16}, {7, 10, 40}};
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int t = 0; t < 4; t++) {
                    boolean transB = t < 2;
                    boolean add = t % 2 == 1;
                    double[] a = gaussianWithZeros(m * k, r);
                    double[] b = gaussianWithZeros(n * k, r);
                    double[] c = random(m * n, r);
                    double[] want = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0.0;
                            for (int p = 0; p < k; p++) {
                                acc = Math.fma(a[i * k + p], transB ? b[j * k + p] : b[p * n + j], acc);
                            }
                            want[i * n + j] = add ? want[i * n + j] + acc : acc;
                        }
                    }
                    backend.gemm(false, transB, m, n, k, 1.0, a, 0, k, b, 0, transB ? k : n, add ? 1.0 : 0.0, c, 0, n);
                    for (int x = 0; x < m * n; x++) {
                        assertEquals(Double.doubleToRawLongBits(want[x]), Double.doubleToRawLongBits(c[x]),
                                m + "×" + n + "×" + k + " transB " + transB + " add " + add + " threads " + threads
                                        + " element " + x);
                    }
                }
            }
        }
    }
}
