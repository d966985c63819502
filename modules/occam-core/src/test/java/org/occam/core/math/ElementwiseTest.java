package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector and scalar element-wise kernels agree bit for bit, edge values and tails included. */
public class ElementwiseTest {

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
}
