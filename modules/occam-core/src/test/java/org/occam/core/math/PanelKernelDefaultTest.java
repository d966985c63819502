package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@link BlockedGemmBackend#panelKernel}'s default: a backend that asks for panels (4 panel widths, pads and
 * row strides, one wider than the panel as the vector backend's) but keeps the defaults gives, for A·Bᵀ
 * ({@link BlockedGemmBackend#packPanels}) and for A·B (B's rows copied by the default
 * {@link BlockedGemmBackend#rowPanels}), exactly a plain chain of fused multiply-adds per element read from the
 * unpacked operands — so the panel layout is written and read right for whole, padded and ragged panels.
 */
public class PanelKernelDefaultTest {

    /** Scalar fma chains; B in panels of {@code width} columns, transposed or not. */
    private static final class PanelBackend extends BlockedGemmBackend {
        private final int width;
        private final int pad;
        private final int stride;

        PanelBackend(int width, int pad, int stride) {
            this.width = width;
            this.pad = pad;
            this.stride = stride;
        }

        @Override
        protected int panelStride() {
            return stride;
        }

        @Override
        protected int panelWidth() {
            return width;
        }

        @Override
        protected int panelPad() {
            return pad;
        }

        @Override
        protected boolean usesRowPanels(int k) {
            return true;
        }

        @Override
        protected void kernel(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int rowStride, int colStride,
                              double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
            throw new AssertionError("B must go through the panels");
        }

        @Override
        public String name() {
            return "panel-default-test";
        }
    }

    @Test
    public void theDefaultReadsThePanelsAsFmaChains() {
        SplittableRandom r = new SplittableRandom(15);
        int[][] panels = {{12, 4, 12}, {12, 4, 16}, {8, 8, 8}, {3, 1, 3}};
        for (int[] wp : panels) {
            GemmBackend backend = new PanelBackend(wp[0], wp[1], wp[2]);
            for (int m = 1; m <= 7; m++) {
                for (int n = 1; n <= 2 * wp[0] + 5; n++) {
                    int k = 1 + (m * n) % 9;
                    int lda = k + 1;
                    double[] a = random(m * lda, r);
                    for (int t = 0; t < 4; t++) {
                        boolean transB = t < 2;
                        int beta = t % 2;
                        int ldb = transB ? k + 2 : n + 2;                      // B is n × k, or k × n untransposed
                        int ldc = n + 1;
                        double[] b = random(transB ? n * ldb : k * ldb, r);
                        double[] c = random(m * ldc, r);
                        double[] expected = c.clone();
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double acc = 0;
                                for (int p = 0; p < k; p++) {
                                    acc = Math.fma(a[i * lda + p], transB ? b[j * ldb + p] : b[p * ldb + j], acc);
                                }
                                expected[i * ldc + j] = beta == 1 ? expected[i * ldc + j] + acc : acc;
                            }
                        }
                        backend.gemm(false, transB, m, n, k, 1.0, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
                        int mm = m, nn = n;
                        assertArrayEquals(expected, c, () -> "panels " + wp[0] + "/" + wp[1] + "/" + wp[2] + ", "
                                + mm + "×" + nn + " transB " + transB + " beta " + beta);
                    }
                }
            }
        }
    }

    private static double[] random(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }
}
