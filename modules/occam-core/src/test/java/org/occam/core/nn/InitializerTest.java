package org.occam.core.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Empirical moments of each initializer against its closed-form variance, within 5 standard errors
 * (so a correct implementation fails with probability below 1e-6 per moment, and e.g. the wrong
 * fan — 2/fanOut instead of 2/fanIn, a change of the variance by 2× — fails for sure).
 */
public class InitializerTest {
    private static final int FAN_IN = 300;
    private static final int FAN_OUT = 200;
    private static final int N = FAN_IN * FAN_OUT;

    /** Uniform U(−a, a) has variance a²/3; normal N(0, σ²) has variance σ². */
    private static double closedFormVariance(Initializer init) {
        switch (init) {
            case GLOROT_UNIFORM: {
                double a = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
                return a * a / 3;
            }
            case HE_UNIFORM: {
                double a = Math.sqrt(6.0 / FAN_IN);
                return a * a / 3;
            }
            case GLOROT_NORMAL:
                return 2.0 / (FAN_IN + FAN_OUT);
            case HE_NORMAL:
                return 2.0 / FAN_IN;
            case LECUN_NORMAL:
                return 1.0 / FAN_IN;
            default:
                throw new IllegalArgumentException(init.name());
        }
    }

    private static boolean isUniform(Initializer init) {
        return init == Initializer.GLOROT_UNIFORM || init == Initializer.HE_UNIFORM;
    }

    @ParameterizedTest
    @EnumSource(Initializer.class)
    public void momentsMatchClosedForm(Initializer init) {
        double[] w = new double[N];
        init.fill(w, FAN_IN, FAN_OUT, new SplittableRandom(99));
        double var = closedFormVariance(init);
        double mean = Arrays.stream(w).sum() / N;
        // SE of the mean: σ/√N
        assertEquals(0.0, mean, 5 * Math.sqrt(var / N), "mean");
        double secondMoment = Arrays.stream(w).map(x -> x * x).sum() / N;
        // SE of the second moment: √(Var(X²)/N) with Var(X²) = E[X⁴] − σ⁴;
        // uniform: E[X⁴] = a⁴/5 = 9σ⁴/5 ⇒ Var(X²) = 4σ⁴/5; normal: E[X⁴] = 3σ⁴ ⇒ Var(X²) = 2σ⁴
        double varOfSquare = isUniform(init) ? 0.8 * var * var : 2 * var * var;
        assertEquals(var, secondMoment, 5 * Math.sqrt(varOfSquare / N), "variance");
        if (isUniform(init)) {
            double a = Math.sqrt(3 * var);
            double max = Arrays.stream(w).map(Math::abs).max().orElseThrow();
            assertTrue(max <= a, "uniform values lie in [−a, a]");
            assertTrue(max > 0.99 * a, "and fill it");
        } else {
            // a normal sample of 60 000 has values beyond 3σ (about 0.27% of them)
            long beyond3Sigma = Arrays.stream(w).filter(x -> Math.abs(x) > 3 * Math.sqrt(var)).count();
            assertTrue(beyond3Sigma > 0.0027 * N * 0.7 && beyond3Sigma < 0.0027 * N * 1.3, "tails: " + beyond3Sigma);
        }
    }

    @ParameterizedTest
    @EnumSource(Initializer.class)
    public void sameSeedSameValues(Initializer init) {
        double[] a = new double[500];
        double[] b = new double[500];
        double[] c = new double[500];
        init.fill(a, 20, 25, new SplittableRandom(7));
        init.fill(b, 20, 25, new SplittableRandom(7));
        init.fill(c, 20, 25, new SplittableRandom(8));
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));
    }
}
