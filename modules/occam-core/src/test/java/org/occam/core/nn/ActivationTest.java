package org.occam.core.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Activation values and derivatives at chosen points against closed forms written independently
 * of the implementation (plain {@code Math.exp}, the published SELU constants).
 */
public class ActivationTest {
    /** Klambauer et al. 2017, eq. (14): λ₀₁ and α₀₁ to 16+ digits. */
    private static final double PAPER_SELU_LAMBDA = 1.0507009873554804934193349852946;
    private static final double PAPER_SELU_ALPHA = 1.6732632423543772848170429916717;

    private static double[] apply(Activation a, double... z) {
        double[] y = new double[z.length];
        a.apply(z, y, z.length);
        return y;
    }

    /** y'(z)·gy through backward, with the forward pass run first. */
    private static double[] derivative(Activation a, double gy, double... z) {
        double[] y = apply(a, z);
        double[] g = new double[z.length];
        java.util.Arrays.fill(g, gy);
        double[] out = new double[z.length];
        a.backward(z, y, g, out, z.length);
        return out;
    }

    @Test
    public void reluFamilyValues() {
        assertArrayEquals(new double[]{0, 0, 0.5, 3}, apply(Activation.RELU, -2, 0, 0.5, 3), 0.0);
        assertArrayEquals(new double[]{-0.02, 0, 0.5, 3}, apply(Activation.LEAKY_RELU, -2, 0, 0.5, 3), 1e-17);
        assertArrayEquals(new double[]{1.5, 2}, apply(Activation.LINEAR, 1.5, 2), 0.0);
    }

    @Test
    public void eluValues() {
        double[] y = apply(Activation.ELU, -2, -1e-3, 1.5);
        assertEquals(Math.exp(-2) - 1, y[0], 1e-15);
        assertEquals(Math.exp(-1e-3) - 1, y[1], 1e-15);
        assertEquals(1.5, y[2], 0.0);
    }

    @Test
    public void seluConstantsAndValues() {
        assertEquals(PAPER_SELU_LAMBDA, Activation.SELU_SCALE, 1e-16);
        assertEquals(PAPER_SELU_ALPHA, Activation.SELU_ALPHA, 1e-16);
        double[] y = apply(Activation.SELU, 1, -1, 0, -30);
        assertEquals(PAPER_SELU_LAMBDA, y[0], 1e-15);
        assertEquals(PAPER_SELU_LAMBDA * PAPER_SELU_ALPHA * (Math.exp(-1) - 1), y[1], 1e-15);
        assertEquals(0.0, y[2], 0.0);
        // saturation value −λα for z → −∞
        assertEquals(-PAPER_SELU_LAMBDA * PAPER_SELU_ALPHA, y[3], 1e-12);
    }

    @Test
    public void seluIsSelfNormalizingForStandardNormalInput() {
        // The defining property of (λ₀₁, α₀₁): z ~ N(0,1) ⇒ E[selu(z)] = 0 and E[selu(z)²] = 1.
        // Composite Simpson rule on [−12, 12]; the kink at 0 is a grid point.
        int n = 24_000;
        double lo = -12, hi = 12, h = (hi - lo) / n;
        double[] z = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            z[i] = lo + i * h;
        }
        double[] y = apply(Activation.SELU, z);
        double m1 = 0, m2 = 0;
        for (int i = 0; i <= n; i++) {
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            double phi = Math.exp(-0.5 * z[i] * z[i]) / Math.sqrt(2 * Math.PI);
            m1 += w * y[i] * phi;
            m2 += w * y[i] * y[i] * phi;
        }
        m1 *= h / 3;
        m2 *= h / 3;
        assertEquals(0.0, m1, 1e-7);
        assertEquals(1.0, m2, 1e-7);
    }

    @Test
    public void tanhAndSigmoidValues() {
        double[] t = apply(Activation.TANH, 0.5, -3);
        assertEquals((Math.exp(1) - 1) / (Math.exp(1) + 1), t[0], 1e-15);
        assertEquals((Math.exp(-6) - 1) / (Math.exp(-6) + 1), t[1], 1e-15);
        double[] s = apply(Activation.SIGMOID, 0, 2, -2, 40);
        assertEquals(0.5, s[0], 0.0);
        assertEquals(1 / (1 + Math.exp(-2)), s[1], 1e-15);
        assertEquals(1 / (1 + Math.exp(2)), s[2], 1e-15);
        assertEquals(1 / (1 + Math.exp(-40)), s[3], 1e-15);
    }

    @Test
    public void sigmoidAtExtremeInputsNeitherOverflowsNorLosesPrecision() {
        double[] s = apply(Activation.SIGMOID, -40, -700, -800, 800, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        // σ(z) = e^z / (1 + e^z) ≈ e^z for z ≪ 0: full relative precision, not rounded to 0
        assertEquals(Math.exp(-40), s[0], Math.exp(-40) * 1e-14);
        assertEquals(Math.exp(-700), s[1], Math.exp(-700) * 1e-14);
        assertTrue(s[1] > 0);
        assertEquals(0.0, s[2], 0.0);
        assertEquals(1.0, s[3], 0.0);
        assertEquals(0.0, s[4], 0.0);
        assertEquals(1.0, s[5], 0.0);
        double[] g = derivative(Activation.SIGMOID, 1.0, -800, 800);
        assertEquals(0.0, g[0], 0.0);
        assertEquals(0.0, g[1], 0.0);
    }

    @Test
    public void derivativesAtPoints() {
        double gy = 3.0;
        assertArrayEquals(new double[]{0, 0, 3}, derivative(Activation.RELU, gy, -1, 0, 2), 0.0);
        // at the kink z = 0 the left piece is used (Keras/PyTorch convention)
        assertArrayEquals(new double[]{0.03, 0.03, 3}, derivative(Activation.LEAKY_RELU, gy, -1, 0, 2), 1e-16);
        assertArrayEquals(new double[]{3 * Math.exp(-2), 3, 3}, derivative(Activation.ELU, gy, -2, 0, 2), 1e-15);
        assertArrayEquals(new double[]{3 * PAPER_SELU_LAMBDA * PAPER_SELU_ALPHA * Math.exp(-1), 3 * PAPER_SELU_LAMBDA},
                derivative(Activation.SELU, gy, -1, 2), 1e-14);
        double c = Math.cosh(0.5);
        assertArrayEquals(new double[]{3, 3 / (c * c)}, derivative(Activation.TANH, gy, 0, 0.5), 1e-15);
        double e = Math.exp(-2);
        assertArrayEquals(new double[]{0.75, 3 * e / ((1 + e) * (1 + e))}, derivative(Activation.SIGMOID, gy, 0, 2), 1e-15);
        assertArrayEquals(new double[]{3, 3}, derivative(Activation.LINEAR, gy, -5, 5), 0.0);
    }

    @Test
    public void applyAndBackwardWorkInPlace() {
        for (Activation a : Activation.values()) {
            double[] z = {-1.5, 0.25, 2};
            double[] expected = apply(a, z.clone());
            double[] inPlace = z.clone();
            a.apply(inPlace, inPlace, inPlace.length);
            assertArrayEquals(expected, inPlace, 0.0, a.name());
            double[] g = {1, -2, 0.5};
            double[] expectedGrad = new double[3];
            a.backward(z, expected, g, expectedGrad, 3);
            a.backward(z, expected, g, g, 3);
            assertArrayEquals(expectedGrad, g, 0.0, a.name());
        }
    }

    @Test
    public void onlyReluFamilyIsRectifier() {
        for (Activation a : Activation.values()) {
            if (a == Activation.RELU || a == Activation.LEAKY_RELU) {
                assertTrue(a.isRectifier(), a.name());
            } else {
                assertFalse(a.isRectifier(), a.name());
            }
        }
    }
}
