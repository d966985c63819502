package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.core.optim.OptimizerFixtures.clock;
import static org.occam.core.optim.OptimizerFixtures.parameter;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class AdamWTest {
    private static final double ETA = 0.1;
    private static final double WD = 0.05;
    /** Three real gradients, then five steps of zero gradient. */
    private static final double[] GRADIENTS = {0.3, -0.1, 0.2, 0, 0, 0, 0, 0};

    /**
     * The Adam term m̂/(√v̂ + ε) of each step, from the gradients alone (Kingma &amp; Ba, Algorithm 1,
     * written independently of the optimizer).
     */
    private static double[] adamTerms(double[] gradients) {
        double m = 0;
        double v = 0;
        double[] out = new double[gradients.length];
        for (int t = 1; t <= gradients.length; t++) {
            double g = gradients[t - 1];
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            out[t - 1] = (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
        }
        return out;
    }

    @Test
    public void zeroGradientsDecayGeometrically() {
        // m = v = 0 throughout, so w_t = w₀·(1 − η·λ_wd)^t exactly in exact arithmetic
        Parameter p = parameter(2.0, -3.0);
        Optimizer.OptimizerRun run = new AdamW(ETA, WD).start(List.of(p));
        for (int t = 1; t <= 6; t++) {
            run.step(clock(t - 1));
            assertEquals(2.0 * Math.pow(1 - ETA * WD, t), p.value().get(0, 0), 1e-15);
            assertEquals(-3.0 * Math.pow(1 - ETA * WD, t), p.value().get(0, 1), 1e-15);
        }
    }

    @Test
    public void eachStepIsTheAdamStepMinusDecoupledDecay() {
        // AdamW and plain Adam get the same gradients; per step, AdamW must move by
        // Adam's own step (which depends only on the gradients) minus η·λ_wd·w_prev.
        Parameter wAdamW = parameter(1.5);
        Parameter wAdam = parameter(1.5);
        Optimizer.OptimizerRun adamW = new AdamW(ETA, WD).start(List.of(wAdamW));
        Optimizer.OptimizerRun adam = new Adam(ETA).start(List.of(wAdam));
        double[] terms = adamTerms(GRADIENTS);
        for (int t = 0; t < GRADIENTS.length; t++) {
            wAdamW.gradient().data()[0] = GRADIENTS[t];
            wAdam.gradient().data()[0] = GRADIENTS[t];
            double prevAdamW = wAdamW.value().get(0, 0);
            double prevAdam = wAdam.value().get(0, 0);
            adamW.step(clock(t));
            adam.step(clock(t));
            double adamStep = wAdam.value().get(0, 0) - prevAdam;
            assertEquals(-ETA * terms[t], adamStep, 1e-15, "plain Adam, step " + (t + 1));
            double expected = prevAdamW - ETA * terms[t] - ETA * WD * prevAdamW;
            assertEquals(expected, wAdamW.value().get(0, 0), 1e-15, "AdamW, step " + (t + 1));
            assertEquals(prevAdamW + adamStep - ETA * WD * prevAdamW, wAdamW.value().get(0, 0), 1e-15);
        }
        // the Adam term is still non-zero after the gradients stopped (momentum), and the decay is on top of it
        assertTrue(Math.abs(terms[GRADIENTS.length - 1]) > 1e-3);
    }

    @Test
    public void decayDoesNotPassThroughTheAdaptiveDenominator() {
        // Coupled L2 (g ← g + λ·w fed to Adam) is normalized by √v̂: with only the penalty as gradient,
        // the first coupled step is ≈ η·sign(w) = 0.1, whereas decoupled decay moves by η·λ_wd·w = 0.0075.
        double w0 = 1.5;
        Parameter decoupled = parameter(w0);
        new AdamW(ETA, WD).start(List.of(decoupled)).step(clock(0));
        assertEquals(w0 - ETA * WD * w0, decoupled.value().get(0, 0), 1e-15);
        Parameter coupled = parameter(w0);
        coupled.gradient().data()[0] = WD * w0;
        new Adam(ETA).start(List.of(coupled)).step(clock(0));
        assertEquals(w0 - ETA * (WD * w0) / (WD * w0 + 1e-8), coupled.value().get(0, 0), 1e-15);
        assertTrue(Math.abs(coupled.value().get(0, 0) - decoupled.value().get(0, 0)) > 0.09);
    }

    @Test
    public void zeroDecayIsAdam() {
        double[] adam = OptimizerFixtures.trajectory(new Adam(ETA), 1.0, GRADIENTS);
        double[] adamW = OptimizerFixtures.trajectory(new AdamW(ETA, 0.0), 1.0, GRADIENTS);
        org.junit.jupiter.api.Assertions.assertArrayEquals(adam, adamW, 0.0);
    }

    @Test
    public void badConfigs() {
        for (double wd : new double[]{-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("weightDecay", () -> new AdamW(0.1, wd));
        }
        for (double lr : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("learningRate", () -> new AdamW(lr, 0.01));
        }
        assertPropertyException("beta1", () -> new AdamW(0.1, 1.0, 0.999, 1e-8, 0.01));
        assertPropertyException("beta2", () -> new AdamW(0.1, 0.9, -0.5, 1e-8, 0.01));
        assertPropertyException("epsilon", () -> new AdamW(0.1, 0.9, 0.999, 0, 0.01));
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new AdamW(0.001, 0.01));
        assertConfigRoundTrip(new AdamW(0.01, 0.85, 0.95, 1e-7, 0.2));
    }
}
