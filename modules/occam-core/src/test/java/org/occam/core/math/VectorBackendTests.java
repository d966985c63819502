package org.occam.core.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every test of the vector backend's kernels shares: it runs only where the Vector API module is
 * present, and it leaves the thread policy as it found it (one thread, the default split threshold, back-off on).
 */
abstract class VectorBackendTests {

    @BeforeAll
    static void vectorModule() {
        assumeTrue(Gemm.vectorAvailable(), "the Vector API module is not available");
    }

    @AfterEach
    void resetThreadPolicy() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setParallelThreshold(1L << 20);
        ThreadPolicy.setBackOff(true);
    }

    /** n standard Gaussian values, about one in eight +0 or −0 (the signed zeros a kernel's chain must keep). */
    static double[] gaussianWithZeros(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            int z = r.nextInt(16);
            d[i] = z == 0 ? 0.0 : z == 1 ? -0.0 : r.nextGaussian();
        }
        return d;
    }

    /** One value of a packed operand: column j (of C) at step p. */
    interface PanelValue {
        double at(int j, int p);
    }

    /**
     * Asserts every value of n columns × k steps packed in panels of nr columns (the last rounded up to pad with
     * zeros), whole panels' rows stride apart: column j at step p equal to {@code value.at(j, p)}, the padding +0.
     * @return the values checked
     */
    static int assertPanels(double[] panels, int n, int k, int nr, int pad, int stride, PanelValue value, String what) {
        int checked = 0;
        for (int jb = 0; jb < n; jb += nr) {
            int w = Math.min(nr, n - jb);
            int pw = Math.min(nr, (w + pad - 1) / pad * pad);
            int base = BlockedGemmBackend.panelStart(jb, k, nr, stride);
            int st = BlockedGemmBackend.panelRowStride(pw, nr, stride);
            for (int p = 0; p < k; p++) {
                for (int x = 0; x < pw; x++) {
                    double want = x < w ? value.at(jb + x, p) : 0.0;
                    assertEquals(Double.doubleToRawLongBits(want),
                            Double.doubleToRawLongBits(panels[base + p * st + x]),
                            what + " column " + (jb + x) + " p " + p);
                    checked++;
                }
            }
        }
        return checked;
    }

    /** n standard Gaussian values. */
    static double[] random(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }
}
