package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.optim.OptimizerFixtures.clock;
import static org.occam.core.optim.OptimizerFixtures.parameter;
import static org.occam.core.optim.OptimizerFixtures.trajectory;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class AdamTest {

    /**
     * Kingma &amp; Ba, Algorithm 1, by hand: w₀ = 1, η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8,
     * gradients 0.1, −0.2, 0.3. The 40-digit values in the comments were computed separately in
     * decimal arithmetic.
     */
    @Test
    public void threeStepsByHand() {
        // t = 1, g = 0.1
        double m1 = 0.9 * 0.0 + 0.1 * 0.1;                 // 0.01
        double v1 = 0.999 * 0.0 + 0.001 * 0.1 * 0.1;       // 1e-5
        double mHat1 = m1 / (1 - 0.9);                     // 0.1
        double vHat1 = v1 / (1 - 0.999);                   // 0.01
        double w1 = 1.0 - 0.1 * mHat1 / (Math.sqrt(vHat1) + 1e-8);
        assertEquals(0.1, mHat1, 1e-15);
        assertEquals(0.01, vHat1, 1e-15);
        assertEquals(0.9000000099999990000000999999900000010000, w1, 1e-15);
        // t = 2, g = −0.2
        double m2 = 0.9 * m1 + 0.1 * -0.2;                 // −0.011
        double v2 = 0.999 * v1 + 0.001 * 0.04;             // 4.999e-5
        double mHat2 = m2 / (1 - 0.9 * 0.9);               // −0.011 / 0.19
        double vHat2 = v2 / (1 - 0.999 * 0.999);           // 4.999e-5 / 0.001999
        double w2 = w1 - 0.1 * mHat2 / (Math.sqrt(vHat2) + 1e-8);
        assertEquals(-0.011, m2, 1e-16);
        assertEquals(4.999e-5, v2, 1e-19);
        assertEquals(-0.05789473684210526315789473684210526315789, mHat2, 1e-15);
        assertEquals(0.02500750375187593796898449224612306153077, vHat2, 1e-15);
        assertEquals(0.9366103603884891050588450789256611790500, w2, 1e-14);
        // t = 3, g = 0.3
        double m3 = 0.9 * m2 + 0.1 * 0.3;                  // 0.0201
        double v3 = 0.999 * v2 + 0.001 * 0.09;             // 1.3994001e-4
        double mHat3 = m3 / (1 - 0.9 * 0.9 * 0.9);         // 0.0201 / 0.271
        double vHat3 = v3 / (1 - 0.999 * 0.999 * 0.999);   // 1.3994001e-4 / 0.002997001
        double w3 = w2 - 0.1 * mHat3 / (Math.sqrt(vHat3) + 1e-8);
        assertEquals(0.0201, m3, 1e-16);
        assertEquals(1.3994001e-4, v3, 1e-18);
        assertEquals(0.9022862539477431001128520038607122033297, w3, 1e-14);

        double[] actual = trajectory(new Adam(0.1, 0.9, 0.999, 1e-8), 1.0, 0.1, -0.2, 0.3);
        assertArrayEquals(new double[]{w1, w2, w3}, actual, 1e-14);
    }

    @Test
    public void firstStepMovesByLearningRateTimesSignWhateverTheGradientScale() {
        // m̂₁ = g and √v̂₁ = |g|, so the first step is η·g/(|g| + ε) ≈ η·sign(g): Adam DIVIDES by √v̂ + ε.
        // (Multiplying, as Tribuo 4.3.2's Adam does, would move by η·g·(|g| + ε): 1e-7 for g = 1e-3,
        // 1e5 for g = 1e3.)
        for (double g : new double[]{1e-3, 0.1, 1e3, -1e-3, -0.1, -1e3}) {
            double w1 = trajectory(new Adam(0.1), 1.0, g)[0];
            assertEquals(1.0 - 0.1 * g / (Math.abs(g) + 1e-8), w1, 1e-15, "g = " + g);
            assertEquals(0.1, Math.abs(w1 - 1.0), 1e-5 * 0.1 + 1e-15, "g = " + g);
            assertEquals(-Math.signum(g), Math.signum(w1 - 1.0), "g = " + g);
        }
    }

    @Test
    public void everyEntryAndTensorHasItsOwnMoments() {
        Parameter a = parameter(1.0, -2.0);
        Parameter b = parameter(0.5);
        Optimizer.OptimizerRun run = new Adam(0.1).start(List.of(a, b));
        a.gradient().data()[0] = 0.1;
        a.gradient().data()[1] = -5.0;
        b.gradient().data()[0] = 2.0;
        run.step(clock(0));
        assertEquals(1.0 - 0.1 * 0.1 / (0.1 + 1e-8), a.value().get(0, 0), 1e-15);
        assertEquals(-2.0 + 0.1 * 5.0 / (5.0 + 1e-8), a.value().get(0, 1), 1e-15);
        assertEquals(0.5 - 0.1 * 2.0 / (2.0 + 1e-8), b.value().get(0, 0), 1e-15);
        // a second step with gradients zeroed only for b: a keeps its momentum from its own history
        b.gradient().zeroInPlace();
        run.step(clock(1));
        double m = 0.9 * 2.0 * 0.1;                  // m₂ = 0.9·m₁ with m₁ = 0.1·2
        double v = 0.999 * 0.001 * 4.0;              // v₂ = 0.999·v₁ with v₁ = 0.001·4
        double expected = (0.5 - 0.1 * 2.0 / (2.0 + 1e-8)) - 0.1 * (m / 0.19) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, b.value().get(0, 0), 1e-15);
    }

    @Test
    public void eachRunStartsFromFreshMoments() {
        Adam adam = new Adam(0.1);
        String config = adam.toString();
        double[] first = trajectory(adam, 1.0, 0.1, -0.2, 0.3);
        double[] second = trajectory(adam, 1.0, 0.1, -0.2, 0.3);
        assertArrayEquals(first, second, 0.0);
        assertEquals(config, adam.toString());
    }

    @Test
    public void stepReturnsTheScheduledRate() {
        Parameter p = parameter(1.0);
        Optimizer.OptimizerRun run = new Adam(0.1).start(List.of(p));
        assertEquals(0.1, run.step(clock(0)), 0.0);
    }

    @Test
    public void defaultsArePapers() {
        assertEquals("Adam(learningRate=0.001,beta1=0.9,beta2=0.999,epsilon=1.0E-8,schedule=ConstantSchedule())",
                new Adam(0.001).toString());
    }

    @Test
    public void badConfigs() {
        for (double lr : new double[]{0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("learningRate", () -> new Adam(lr));
        }
        for (double beta : new double[]{-0.1, 1.0, 1.5, Double.NaN}) {
            assertPropertyException("beta1", () -> new Adam(0.1, beta, 0.999, 1e-8));
            assertPropertyException("beta2", () -> new Adam(0.1, 0.9, beta, 1e-8));
        }
        for (double eps : new double[]{0, -1e-8, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("epsilon", () -> new Adam(0.1, 0.9, 0.999, eps));
        }
        // boundaries that are valid
        new Adam(0.1, 0.0, 0.0, 1e-8);
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new Adam(0.001));
        assertConfigRoundTrip(new Adam(0.05, 0.8, 0.99, 1e-6));
    }
}
