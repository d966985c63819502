package org.occam.core.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.optim.OptimizerFixtures.trajectory;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class AdaGradTest {

    @Test
    public void twoStepsByHandFromZeroAccumulator() {
        // w₀ = 1, η = 0.1, G₀ = 0, ε = 1e-10, gradients 0.3 then 0.4
        // G₁ = 0.09, √G₁ = 0.3: w₁ = 1 − 0.1·0.3/0.3 ≈ 0.9
        // G₂ = 0.25, √G₂ = 0.5: w₂ = w₁ − 0.1·0.4/0.5 ≈ 0.82
        double w1 = 1 - 0.1 * 0.3 / (0.3 + 1e-10);
        double w2 = w1 - 0.1 * 0.4 / (0.5 + 1e-10);
        assertEquals(0.9, w1, 1e-10);
        assertEquals(0.82, w2, 1e-10);
        assertArrayEquals(new double[]{w1, w2}, trajectory(new AdaGrad(0.1, 0.0, 1e-10), 1.0, 0.3, 0.4), 1e-15);
    }

    @Test
    public void twoStepsByHandFromKerasAccumulator() {
        // G₀ = 0.1: G₁ = 0.19, G₂ = 0.35
        double w1 = 1 - 0.1 * 0.3 / (Math.sqrt(0.19) + 1e-10);
        double w2 = w1 - 0.1 * 0.4 / (Math.sqrt(0.35) + 1e-10);
        assertArrayEquals(new double[]{w1, w2}, trajectory(new AdaGrad(0.1, 0.1, 1e-10), 1.0, 0.3, 0.4), 1e-15);
    }

    @Test
    public void accumulatorStartsAgainForEachRun() {
        AdaGrad adaGrad = new AdaGrad(0.1, 0.1, 1e-10);
        assertArrayEquals(trajectory(adaGrad, 1.0, 0.3, 0.4), trajectory(adaGrad, 1.0, 0.3, 0.4), 0.0);
    }

    @Test
    public void badConfigs() {
        for (double lr : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("learningRate", () -> new AdaGrad(lr, 0, 1e-10));
        }
        for (double g0 : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("initialAccumulatorValue", () -> new AdaGrad(0.1, g0, 1e-10));
        }
        for (double eps : new double[]{0, -1e-10, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("epsilon", () -> new AdaGrad(0.1, 0, eps));
        }
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new AdaGrad(0.01, 0.0, 1e-10));
        assertConfigRoundTrip(new AdaGrad(0.5, 0.1, 1e-7));
    }
}
