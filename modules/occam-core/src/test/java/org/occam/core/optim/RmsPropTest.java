package org.occam.core.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.optim.OptimizerFixtures.trajectory;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class RmsPropTest {

    @Test
    public void twoStepsByHand() {
        // w₀ = 1, η = 0.01, ρ = 0.9, ε = 1e-7, gradients 0.5 then −1
        double s1 = 0.9 * 0 + 0.1 * 0.25;              // 0.025
        double w1 = 1 - 0.01 * 0.5 / (Math.sqrt(0.025) + 1e-7);
        double s2 = 0.9 * 0.025 + 0.1 * 1.0;           // 0.1225 = 0.35²
        double w2 = w1 + 0.01 * 1.0 / (0.35 + 1e-7);
        assertEquals(0.025, s1, 1e-17);
        assertEquals(0.1225, s2, 1e-16);
        assertEquals(1 - 0.0316227566, w1, 1e-10);     // 0.005/0.15811398 ≈ 0.0316227566
        assertArrayEquals(new double[]{w1, w2}, trajectory(new RmsProp(0.01, 0.9, 1e-7), 1.0, 0.5, -1.0), 1e-15);
    }

    @Test
    public void rhoZeroIsSignLikeStep() {
        // ρ = 0: s = g², so every step is η·g/(|g| + ε)
        double[] w = trajectory(new RmsProp(0.1, 0.0, 1e-7), 0.0, 4.0, -0.02);
        assertEquals(-0.1 * 4.0 / (4.0 + 1e-7), w[0], 1e-16);
        assertEquals(w[0] + 0.1 * 0.02 / (0.02 + 1e-7), w[1], 1e-16);
    }

    @Test
    public void badConfigs() {
        for (double lr : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("learningRate", () -> new RmsProp(lr, 0.9, 1e-7));
        }
        for (double rho : new double[]{-0.1, 1.0, Double.NaN}) {
            assertPropertyException("rho", () -> new RmsProp(0.01, rho, 1e-7));
        }
        for (double eps : new double[]{0, -1e-7, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("epsilon", () -> new RmsProp(0.01, 0.9, eps));
        }
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new RmsProp(0.001, 0.9, 1e-7));
        assertConfigRoundTrip(new RmsProp(0.02, 0.5, 1e-5));
    }
}
