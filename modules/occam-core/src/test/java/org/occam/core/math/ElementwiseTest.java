package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector and scalar element-wise kernels agree bit for bit, edge values and tails included. */
public class ElementwiseTest {

    /**
     * The rectifier, vector and scalar, has the bits of Math.max(z, 0.0) (written out here): NaN stays
     * NaN, −0 and negative values give +0, +∞ and positive subnormals pass; lengths 0 to 37 (vector tails).
     */
    @Test
    public void reluHasTheBitsOfMathMax() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] edges = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MAX_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8000000000123L)};
        for (Elementwise.Kernels kernels : new Elementwise.Kernels[]{new Elementwise.ScalarKernels(), new VectorElementwise()}) {
            for (int n = 0; n <= 37; n++) {
                double[] z = new double[n];
                for (int i = 0; i < n; i++) {
                    z[i] = rng.nextInt(3) == 0 ? edges[rng.nextInt(edges.length)] : rng.nextDouble(-2, 2);
                }
                double[] y = new double[n];
                kernels.relu(z, y, n);
                for (int i = 0; i < n; i++) {
                    double want = z[i] > 0 || Double.isNaN(z[i]) ? z[i] : 0.0;
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(y[i]),
                            kernels.getClass().getSimpleName() + " n=" + n + " z=" + z[i]);
                }
                kernels.relu(z, z, n);                                             // in place
                assertArrayEquals(y, z, 0.0);
            }
        }
    }

    @Test
    public void vectorAndScalarReluBackwardAgree() {
        SplittableRandom rng = new SplittableRandom(1);
        Elementwise.Kernels scalar = new Elementwise.ScalarKernels();
        Elementwise.Kernels vector = new VectorElementwise();
        for (int n = 0; n <= 37; n++) {
            double[] z = new double[n];
            double[] gy = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = rng.nextDouble(-1, 1);
                gy[i] = rng.nextDouble(-1, 1);
            }
            if (n > 5) {
                z[0] = 0.0;
                z[1] = -0.0;
                z[2] = Double.NaN;
                z[3] = Double.MIN_VALUE;
                z[4] = Double.POSITIVE_INFINITY;
                gy[5] = -0.0;
            }
            double[] expected = new double[n];
            double[] actual = new double[n];
            scalar.reluBackward(z, gy, expected, n);
            vector.reluBackward(z, gy, actual, n);
            assertArrayEquals(expected, actual, "n = " + n);
            if (n > 5) {
                assertEquals(0.0, expected[2]);            // NaN pre-activation: no gradient
                assertEquals(gy[3], expected[3]);
            }
        }
        assertEquals("vector", Elementwise.implementation());
    }

    private static double[] random(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * (i % 7 == 0 ? 1e-3 : 1.0);
        }
        if (n > 3) {
            d[1] = -0.0;
            d[2] = 0.0;
        }
        return d;
    }

    /** The bias gradient's block sums: vector, scalar and Dense's former loop (blockSum from zero, then added) agree bit for bit. */
    @Test
    public void blockColumnSumsMatchTheFormerLoop() {
        SplittableRandom r = new SplittableRandom(2);
        Elementwise.Kernels scalar = new Elementwise.ScalarKernels();
        Elementwise.Kernels vector = new VectorElementwise();
        for (int width : new int[]{1, 2, 7, 8, 9, 10, 15, 16, 17, 20, 33, 36, 64, 127, 128}) {
            for (int rows : new int[]{1, 31, 32, 33, 64}) {
                double[] g = random(rows * width, r);
                double[] start = random(width, r);
                for (int from = 0; from < rows; from += 32) {
                    int to = Math.min(rows, from + 32);
                    double[] former = start.clone();
                    double[] blockSum = new double[width];
                    for (int i = from; i < to; i++) {
                        for (int j = 0; j < width; j++) {
                            blockSum[j] += g[i * width + j];
                        }
                    }
                    for (int j = 0; j < width; j++) {
                        former[j] += blockSum[j];
                    }
                    double[] s = start.clone();
                    double[] v = start.clone();
                    scalar.addBlockColumnSums(g, from, to, width, s);
                    vector.addBlockColumnSums(g, from, to, width, v);
                    assertArrayEquals(former, s, "scalar, width " + width + ", rows " + rows);
                    assertArrayEquals(former, v, "vector, width " + width + ", rows " + rows);
                }
            }
        }
    }

    /** SGD-momentum update, then the L2 seed, written as two plain passes (the reference). */
    private static double referenceStepAndSeed(double[] w, double[] g, double[] v, double mu, double eta, double k) {
        for (int i = 0; i < w.length; i++) {
            v[i] = mu * v[i] + g[i];
            w[i] -= eta * v[i];
        }
        for (int i = 0; i < w.length; i++) {
            g[i] = 0.0 + k * w[i];
        }
        return new Matrix(1, w.length, w.clone()).squaredL2Norm();
    }

    /**
     * The fused momentum step with the next step's L2 gradient and Σw²: vector (one or two tensors,
     * either one longer, tails included) and scalar agree bit for bit with the update followed by the
     * seed in passes of their own; a weight at −0 seeds a +0 gradient (0 + k·(−0)).
     */
    @Test
    public void momentumStepAndSeedMatchesUpdateThenSeed() {
        SplittableRandom r = new SplittableRandom(3);
        Elementwise.Kernels scalar = new Elementwise.ScalarKernels();
        Elementwise.Kernels vector = new VectorElementwise();
        double mu = 0.9;
        double eta = 0.013;
        double k = 2 * 1e-4 / (2 * 64.0);
        int[] lengths = {0, 1, 3, 4, 5, 8, 9, 37, 64, 101};
        for (int n1 : lengths) {
            for (int n2 : new int[]{-1, 0, 1, 7, 8, 64, 101}) {
                double[] w1 = random(n1, r);
                double[] g1 = random(n1, r);
                double[] v1 = random(n1, r);
                if (n1 > 3) {
                    w1[3] = -0.0;
                    g1[3] = 0.0;
                    v1[3] = 0.0;
                }
                double[] w2 = n2 < 0 ? null : random(n2, r);
                double[] g2 = n2 < 0 ? null : random(n2, r);
                double[] v2 = n2 < 0 ? null : random(n2, r);
                double[][] ref = {w1.clone(), g1.clone(), v1.clone()};
                double[] expected = {referenceStepAndSeed(ref[0], ref[1], ref[2], mu, eta, k), 0};
                double[][] ref2 = null;
                if (n2 >= 0) {
                    ref2 = new double[][]{w2.clone(), g2.clone(), v2.clone()};
                    expected[1] = referenceStepAndSeed(ref2[0], ref2[1], ref2[2], mu, eta, k);
                }
                for (Elementwise.Kernels kernels : new Elementwise.Kernels[]{scalar, vector}) {
                    double[][] a = {w1.clone(), g1.clone(), v1.clone()};
                    double[][] b = n2 < 0 ? new double[3][] : new double[][]{w2.clone(), g2.clone(), v2.clone()};
                    double[] squares = new double[2];
                    kernels.momentumStepAndSeed(a[0], a[1], a[2], b[0], b[1], b[2], mu, eta, k, squares);
                    String where = kernels.getClass().getSimpleName() + ", lengths " + n1 + ", " + n2;
                    for (int j = 0; j < 3; j++) {
                        assertArrayEquals(ref[j], a[j], where + ", first tensor, array " + j);
                        if (n2 >= 0) {
                            assertArrayEquals(ref2[j], b[j], where + ", second tensor, array " + j);
                        }
                    }
                    assertEquals(expected[0], squares[0], 0.0, where);
                    assertEquals(Double.doubleToRawLongBits(expected[0]), Double.doubleToRawLongBits(squares[0]), where);
                    if (n2 >= 0) {
                        assertEquals(Double.doubleToRawLongBits(expected[1]), Double.doubleToRawLongBits(squares[1]), where);
                    }
                    if (n1 > 3) {
                        assertEquals(0L, Double.doubleToRawLongBits(a[1][3]), where + ": the seed at a −0 weight is +0");
                    }
                }
            }
        }
    }
}
