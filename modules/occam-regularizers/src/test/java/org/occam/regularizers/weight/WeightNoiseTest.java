package org.occam.regularizers.weight;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Parameter;
import org.occam.core.history.TrainingHistory;
import org.occam.core.nn.Network;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class WeightNoiseTest {

    private static Parameter parameter(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return new Parameter("hidden1", "weight", Parameter.Role.WEIGHT, false, new Matrix(1, n, v));
    }

    @Test
    public void additiveNoiseHasMeanZeroAndVarianceSigmaSquared() {
        int n = 1_000_000;
        double sigma = 0.2;
        Parameter p = parameter(n, 1.0);
        new WeightNoise(sigma, WeightNoise.Kind.ADDITIVE).perturb(p, DropConnectTest.CLOCK, new SplittableRandom(3));
        double mean = 0, sq = 0;
        for (double v : p.value().data()) {
            mean += v - 1;
            sq += (v - 1) * (v - 1);
        }
        mean /= n;
        double var = sq / n - mean * mean;
        assertTrue(Math.abs(mean) < 4 * sigma / Math.sqrt(n), "mean " + mean);
        assertTrue(Math.abs(var - sigma * sigma) < 4 * sigma * sigma * Math.sqrt(2.0 / n), "variance " + var);
    }

    @Test
    public void multiplicativeNoiseScalesTheGradientByTheSameFactor() {
        Parameter p = parameter(1000, 2.0);
        var state = new WeightNoise(0.1, WeightNoise.Kind.MULTIPLICATIVE).perturb(p, DropConnectTest.CLOCK, new SplittableRandom(4));
        double[] g = new double[1000];
        java.util.Arrays.fill(g, 1.0);
        state.mapGradient(g);
        for (int i = 0; i < 1000; i++) {
            // W̃ = 2(1+ε) and ∂W̃/∂W = 1+ε = W̃/2
            assertEquals(p.value().data()[i] / 2.0, g[i], 1e-15);
        }
    }

    @Test
    public void additiveGradientMapIsIdentity() {
        Parameter p = parameter(10, 1.0);
        var state = new WeightNoise(0.5, WeightNoise.Kind.ADDITIVE).perturb(p, DropConnectTest.CLOCK, new SplittableRandom(4));
        double[] g = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        state.mapGradient(g);
        assertEquals(55.0, java.util.Arrays.stream(g).sum(), 0.0);
    }

    @Test
    public void trainsAndIsDeterministic() {
        Matrix[] d = DropConnectTest.data();
        Network a = DropConnectTest.network(1);
        Network b = DropConnectTest.network(1);
        TrainingHistory h = DropConnectTest.run(a, new WeightNoise(0.05, WeightNoise.Kind.MULTIPLICATIVE), d, 3);
        DropConnectTest.run(b, new WeightNoise(0.05, WeightNoise.Kind.MULTIPLICATIVE), d, 3);
        assertEquals(a.parameters().get(0).value(), b.parameters().get(0).value());
        assertTrue(h.last().dataLoss() < h.epochs().get(0).dataLoss());
    }

    @Test
    public void badSettings() {
        for (double s : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            PropertyException e = assertThrows(PropertyException.class, () -> new WeightNoise(s, WeightNoise.Kind.ADDITIVE));
            assertEquals("standardDeviation", e.getProperty());
        }
        assertEquals("kind", assertThrows(PropertyException.class, () -> new WeightNoise(0.1, null)).getProperty());
    }
}
