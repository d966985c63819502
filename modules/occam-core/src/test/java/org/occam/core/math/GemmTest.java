package org.occam.core.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.occam.core.testing.TestMatrices;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three named products against a naive triple loop on odd shapes, for both values of the
 * accumulate flag. Shapes are (m, k, n): C is m × n, the inner dimension k.
 */
public class GemmTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1), Arguments.of(7, 13, 5), Arguments.of(3, 1, 4),
                Arguments.of(1, 9, 1), Arguments.of(5, 2, 1), Arguments.of(16, 17, 15));
    }

    /** (A·B)_ij = Σ_p A_ip B_pj by definition. */
    private static Matrix naive(Matrix a, boolean transA, Matrix b, boolean transB) {
        return naive(a, transA, b, transB, false);
    }

    /**
     * Σ_p |A_ip B_pj|: the scale of each entry's terms. Floating-point sums in different orders agree
     * to a few ulps of this, so "relative" error is measured against it (an entry that cancels to
     * nearly 0 has no relative precision of its own).
     */
    private static Matrix magnitude(Matrix a, boolean transA, Matrix b, boolean transB) {
        return naive(a, transA, b, transB, true);
    }

    private static Matrix naive(Matrix a, boolean transA, Matrix b, boolean transB, boolean absolute) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        Matrix c = new Matrix(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a.get(p, i) : a.get(i, p);
                    double bv = transB ? b.get(j, p) : b.get(p, j);
                    s += absolute ? Math.abs(av * bv) : av * bv;
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    /** |expected − actual| ≤ 1e-12 · scale, entry by entry. */
    private static void assertClose(Matrix expected, Matrix actual, Matrix scale) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.data()[i];
            double a = actual.data()[i];
            double tolerance = 1e-12 * scale.data()[i];
            assertTrue(Math.abs(e - a) <= tolerance, "entry " + i + ": expected " + e + ", found " + a
                    + ", tolerance " + tolerance);
        }
    }

    private static Matrix abs(Matrix x) {
        Matrix z = x.copy();
        for (int i = 0; i < z.size(); i++) {
            z.data()[i] = Math.abs(z.data()[i]);
        }
        return z;
    }

    private static Matrix plus(Matrix x, Matrix y) {
        Matrix z = x.copy();
        for (int i = 0; i < z.size(); i++) {
            z.data()[i] += y.data()[i];
        }
        return z;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    public void times(int m, int k, int n) {
        SplittableRandom rng = new SplittableRandom(m * 1000L + k * 31L + n);
        Matrix a = TestMatrices.uniform(m, k, -2, 2, rng);
        Matrix b = TestMatrices.uniform(k, n, -2, 2, rng);
        Matrix aBefore = a.copy();
        Matrix bBefore = b.copy();
        Matrix c0 = TestMatrices.uniform(m, n, -1, 1, rng);
        Matrix c = c0.copy();
        Gemm.times(a, b, c, false);
        assertClose(naive(a, false, b, false), c, magnitude(a, false, b, false));
        c = c0.copy();
        Gemm.times(a, b, c, true);
        assertClose(plus(c0, naive(a, false, b, false)), c, plus(abs(c0), magnitude(a, false, b, false)));
        assertEquals(aBefore, a);
        assertEquals(bBefore, b);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    public void timesTranspose(int m, int k, int n) {
        SplittableRandom rng = new SplittableRandom(m * 1000L + k * 31L + n + 1);
        Matrix a = TestMatrices.uniform(m, k, -2, 2, rng);
        Matrix b = TestMatrices.uniform(n, k, -2, 2, rng);
        Matrix c0 = TestMatrices.uniform(m, n, -1, 1, rng);
        Matrix c = c0.copy();
        Gemm.timesTranspose(a, b, c, false);
        assertClose(naive(a, false, b, true), c, magnitude(a, false, b, true));
        c = c0.copy();
        Gemm.timesTranspose(a, b, c, true);
        assertClose(plus(c0, naive(a, false, b, true)), c, plus(abs(c0), magnitude(a, false, b, true)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    public void transposeTimes(int m, int k, int n) {
        SplittableRandom rng = new SplittableRandom(m * 1000L + k * 31L + n + 2);
        Matrix a = TestMatrices.uniform(k, m, -2, 2, rng);
        Matrix b = TestMatrices.uniform(k, n, -2, 2, rng);
        Matrix c0 = TestMatrices.uniform(m, n, -1, 1, rng);
        Matrix c = c0.copy();
        Gemm.transposeTimes(a, b, c, false);
        assertClose(naive(a, true, b, false), c, magnitude(a, true, b, false));
        c = c0.copy();
        Gemm.transposeTimes(a, b, c, true);
        assertClose(plus(c0, naive(a, true, b, false)), c, plus(abs(c0), magnitude(a, true, b, false)));
    }

    @Test
    public void handComputedProduct() {
        Matrix a = Matrix.of(new double[]{1, 2}, new double[]{3, 4});
        Matrix b = Matrix.of(new double[]{5, 6}, new double[]{7, 8});
        Matrix c = new Matrix(2, 2);
        Gemm.times(a, b, c, false);
        assertArrayEquals(new double[]{19, 22, 43, 50}, c.data(), 0.0);
        Gemm.timesTranspose(a, b, c, false);   // A·Bᵀ
        assertArrayEquals(new double[]{17, 23, 39, 53}, c.data(), 0.0);
        Gemm.transposeTimes(a, b, c, false);   // Aᵀ·B
        assertArrayEquals(new double[]{26, 30, 38, 44}, c.data(), 0.0);
    }

    @Test
    public void overwriteIgnoresPreviousContentsEvenNaN() {
        Matrix a = Matrix.of(new double[]{1, 2}, new double[]{3, 4});
        Matrix b = Matrix.of(new double[]{5, 6}, new double[]{7, 8});
        Matrix c = Matrix.of(new double[]{Double.NaN, Double.NaN}, new double[]{Double.POSITIVE_INFINITY, 1});
        Gemm.times(a, b, c, false);
        assertArrayEquals(new double[]{19, 22, 43, 50}, c.data(), 0.0);
    }

    @Test
    public void shapeMismatchThrows() {
        Matrix a = new Matrix(2, 3);
        assertThrows(IllegalArgumentException.class, () -> Gemm.times(a, new Matrix(2, 4), new Matrix(2, 4), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.times(a, new Matrix(3, 4), new Matrix(2, 5), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.times(a, new Matrix(3, 4), new Matrix(3, 4), true));
        assertThrows(IllegalArgumentException.class, () -> Gemm.timesTranspose(a, new Matrix(4, 2), new Matrix(2, 4), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.timesTranspose(a, new Matrix(4, 3), new Matrix(4, 2), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.transposeTimes(a, new Matrix(3, 4), new Matrix(3, 4), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.transposeTimes(a, new Matrix(2, 4), new Matrix(4, 3), false));
    }

    @Test
    public void backendGeneralFormAllTransposeCombinations() {
        // C = alpha·op(A)·op(B) + beta·C for every (transA, transB), alpha and beta not in {0, 1}
        SplittableRandom rng = new SplittableRandom(77);
        int m = 4, k = 6, n = 3;
        double alpha = -1.5, beta = 0.25;
        JavaGemmBackend backend = new JavaGemmBackend();
        for (boolean transA : new boolean[]{false, true}) {
            for (boolean transB : new boolean[]{false, true}) {
                Matrix a = transA ? TestMatrices.uniform(k, m, -1, 1, rng) : TestMatrices.uniform(m, k, -1, 1, rng);
                Matrix b = transB ? TestMatrices.uniform(n, k, -1, 1, rng) : TestMatrices.uniform(k, n, -1, 1, rng);
                Matrix c0 = TestMatrices.uniform(m, n, -1, 1, rng);
                Matrix c = c0.copy();
                backend.gemm(transA, transB, m, n, k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, c.data(), c.cols());
                Matrix product = naive(a, transA, b, transB);
                Matrix productScale = magnitude(a, transA, b, transB);
                Matrix expected = new Matrix(m, n);
                Matrix scale = new Matrix(m, n);
                for (int i = 0; i < expected.size(); i++) {
                    expected.data()[i] = alpha * product.data()[i] + beta * c0.data()[i];
                    scale.data()[i] = Math.abs(alpha) * productScale.data()[i] + Math.abs(beta * c0.data()[i]);
                }
                assertClose(expected, c, scale);
            }
        }
        assertEquals("java", backend.name());
    }

    @Test
    public void aBackendIsInstalledAndNullIsRejected() {
        assertFalse(Gemm.backend().name().isBlank());
        assertThrows(NullPointerException.class, () -> Gemm.setBackend(null));
    }
}
