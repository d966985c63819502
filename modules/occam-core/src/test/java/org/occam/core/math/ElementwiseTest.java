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
}
