package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BlockedGemmBackend}'s default one-pass {@code C = A·op(B) + 1·rᵀ} (the row written first,
 * then the kernel adding its products) gives exactly the bits of {@link GemmBackend#gemmPlusRow}'s
 * two passes, for the packed kernel and for the dot-product kernel, on ragged shapes.
 */
class FusedRowDefaultsTest {

    /** A scalar kernel (each element one sum from zero over increasing p, added to C or written). */
    private static final class ScalarBackend extends BlockedGemmBackend {
        private final boolean fuses;
        private final boolean dots;

        ScalarBackend(boolean fuses, boolean dots) {
            this.fuses = fuses;
            this.dots = dots;
        }

        @Override
        protected boolean fusesRow() {
            return fuses;
        }

        @Override
        protected boolean useDotProducts(int n, int k) {
            return dots;
        }

        @Override
        protected void kernel(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int rowStride, int colStride,
                              double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    double s = 0.0;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + i * rowStride + p * colStride] * b[bOff + p * ldb + j];
                    }
                    int ci = cOff + i * ldc + j;
                    c[ci] = add ? c[ci] + s : s;
                }
            }
        }

        @Override
        public String name() {
            return "scalar-test";
        }
    }

    private static double[] values(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-3, 4));   // magnitudes where order matters
        }
        return v;
    }

    @Test
    void defaultOnePassEqualsTwoPassesBitForBit() {
        SplittableRandom rng = new SplittableRandom(20261202L);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {64, 10, 128}, {33, 17, 9}, {5, 130, 3}};
        for (boolean dots : new boolean[]{false, true}) {
            BlockedGemmBackend fused = new ScalarBackend(true, dots);
            BlockedGemmBackend twoPass = new ScalarBackend(false, dots);
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                for (boolean transA : new boolean[]{false, true}) {
                    for (boolean transB : new boolean[]{false, true}) {
                        double[] a = values(rng, m * k);
                        double[] b = values(rng, k * n);
                        double[] r = values(rng, n + 2);
                        int lda = transA ? m : k;
                        int ldb = transB ? k : n;
                        double[] expected = values(rng, m * n);           // garbage C: both must overwrite it
                        double[] actual = expected.clone();
                        twoPass.gemmPlusRow(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, r, 2, expected, 0, n);
                        fused.gemmPlusRow(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, r, 2, actual, 0, n);
                        for (int i = 0; i < m * n; i++) {
                            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                                    "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
                                            + " dots=" + dots + " element " + i);
                        }
                    }
                }
            }
        }
    }
}
