package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vector backend's own copy of Bᵀ into panels ({@link VectorGemmBackend#panels}: vector loads and blends
 * on 4-lane machines): every value where {@link BlockedGemmBackend#packPanels}'s layout puts it, the padding
 * zero even in a buffer left full of NaN by an earlier, larger pack, for every panel edge and every k around
 * the vector loop's bounds, with B at the start and at the end of its array; and the forward products that
 * read those panels equal to plain fused multiply-add chains.
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
                for (int layout = 0; layout < 2; layout++) {
                    int ldb = layout == 0 ? k : k + 3;
                    int bOff = layout == 0 ? 0 : 5;
                    // B ends where its array ends: a load past a row's last value would leave the array
                    double[] b = random(bOff + (n - 1) * ldb + k, r);
                    // an earlier, larger pack leaves this thread's buffer full of other values
                    double[] stale = backend.panels(random(160 * 130, r), 0, 130, 160, 130);
                    Arrays.fill(stale, Double.NaN);
                    double[] panels = backend.panels(b, bOff, ldb, n, k);
                    for (int jb = 0; jb < n; jb += nr) {
                        int w = Math.min(nr, n - jb);
                        int pw = Math.min(nr, (w + pad - 1) / pad * pad);
                        int base = BlockedGemmBackend.panelStart(jb, k, nr, stride);
                        int st = BlockedGemmBackend.panelRowStride(pw, nr, stride);
                        for (int p = 0; p < k; p++) {
                            for (int x = 0; x < pw; x++) {
                                double want = x < w ? b[bOff + (jb + x) * ldb + p] : 0.0;
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
    public void forwardProductsThroughThePanelsArePlainFmaChains() {
        VectorGemmBackend backend = new VectorGemmBackend();
        SplittableRandom r = new SplittableRandom(12);
        int[][] shapes = {{64, 128, 20}, {64, 128, 128}, {64, 10, 128}, {9, 25, 7}, {5, 13, 6}, {13, 30, 9}, {64, 128, 64}};
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setParallelThreshold(0);
            ThreadPolicy.setBackOff(false);
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int add = 0; add < 2; add++) {
                    double[] a = random(m * k, r);
                    double[] b = random(n * k, r);
                    double[] c = random(m * n, r);
                    double[] want = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0.0;
                            for (int p = 0; p < k; p++) {
                                acc = Math.fma(a[i * k + p], b[j * k + p], acc);
                            }
                            want[i * n + j] = add == 1 ? want[i * n + j] + acc : acc;
                        }
                    }
                    backend.gemm(false, true, m, n, k, 1.0, a, 0, k, b, 0, k, add, c, 0, n);
                    for (int x = 0; x < m * n; x++) {
                        assertEquals(Double.doubleToRawLongBits(want[x]), Double.doubleToRawLongBits(c[x]),
                                m + "×" + n + "×" + k + " add " + add + " threads " + threads + " element " + x);
                    }
                }
            }
        }
    }
}
