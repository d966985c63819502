package org.occam.regularizers.penalty;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The penalty arithmetic on plain arrays, against hand-computed values.
 */
public class PenaltyKernelsTest {

    @Test
    public void l2LossAndGradient() {
        double[] w = {1.5, -2.0, 0.0, 0.25};
        // Σw² = 2.25 + 4 + 0 + 0.0625 = 6.3125
        assertEquals(0.3 * 6.3125, PenaltyKernels.l2Loss(w, 0.3), 1e-15);
        double[] g = {1.0, 1.0, 1.0, 1.0};
        PenaltyKernels.addL2Gradient(w, g, 0.5); // g += 2·0.5·w
        assertArrayEquals(new double[]{2.5, -1.0, 1.0, 1.25}, g, 0.0);
        assertArrayEquals(new double[]{1.5, -2.0, 0.0, 0.25}, w, 0.0, "w is not modified");
    }

    @Test
    public void l1LossAndSubgradient() {
        double[] w = {1.5, -2.0, 0.0, -0.0, 0.25};
        assertEquals(0.5 * 3.75, PenaltyKernels.l1Loss(w, 0.5), 1e-15);
        double[] g = new double[5];
        PenaltyKernels.addL1Subgradient(w, g, 0.125);
        // sign(0) = 0, for +0 and −0
        assertArrayEquals(new double[]{0.125, -0.125, 0.0, 0.0, 0.125}, g, 0.0);
        assertEquals(0.0, g[3], 0.0);
    }

    @Test
    public void emptyArraysAndZeroCoefficient() {
        assertEquals(0.0, PenaltyKernels.l2Loss(new double[0], 3.0));
        assertEquals(0.0, PenaltyKernels.l1Loss(new double[0], 3.0));
        assertEquals(0.0, PenaltyKernels.l2Loss(new double[]{5.0}, 0.0));
    }

    @Test
    public void softThresholdValuesSignsAndExactZeros() {
        double tau = 0.5;
        double[] w = {2.0, -2.0, 0.75, -0.75, 0.5, -0.5, 0.49, -0.3, 0.0, 1e-300};
        PenaltyKernels.softThresholdInPlace(w, tau);
        double[] expected = {1.5, -1.5, 0.25, -0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        assertArrayEquals(expected, w, 0.0);
        // signs preserved outside the threshold, exact (positive) zeros inside and at it
        for (int i = 0; i < 4; i++) {
            assertEquals(i % 2 == 0 ? 1.0 : -1.0, Math.signum(w[i]));
        }
        for (int i = 4; i < w.length; i++) {
            assertEquals(0L, Double.doubleToRawLongBits(w[i]), "exact +0.0 at index " + i);
        }
    }

    @Test
    public void softThresholdWithZeroTauIsTheIdentity() {
        double[] w = {1.25, -3.5, 0.125};
        PenaltyKernels.softThresholdInPlace(w, 0.0);
        assertArrayEquals(new double[]{1.25, -3.5, 0.125}, w, 0.0);
    }

    @Test
    public void softThresholdIsTheProximalOperatorOfTauL1() {
        // prox(v) = argmin_w ½(w − v)² + τ|w|; check it against a brute-force grid search
        double tau = 0.3;
        for (double v = -1.0; v <= 1.0; v += 0.0625) {
            double[] w = {v};
            PenaltyKernels.softThresholdInPlace(w, tau);
            double best = Double.NaN;
            double bestObjective = Double.POSITIVE_INFINITY;
            for (int k = -20000; k <= 20000; k++) {
                double cand = k * 1e-4;
                double obj = 0.5 * (cand - v) * (cand - v) + tau * Math.abs(cand);
                if (obj < bestObjective) {
                    bestObjective = obj;
                    best = cand;
                }
            }
            assertEquals(best, w[0], 1e-4, "prox at v = " + v);
        }
    }

    @Test
    public void shrink() {
        double[] w = {2.0, -4.0, 0.0};
        PenaltyKernels.shrinkInPlace(w, 0.25); // w ← 0.75·w
        assertArrayEquals(new double[]{1.5, -3.0, 0.0}, w, 0.0);
        double[] same = {1.0, -1.0};
        PenaltyKernels.shrinkInPlace(same, 0.0);
        assertArrayEquals(new double[]{1.0, -1.0}, same, 0.0);
    }

    /** The one-pass L2 kernel gives exactly the bits of the two passes it replaces (loss, then gradient). */
    @Test
    public void l2InOnePassEqualsTheTwoPasses() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int n : new int[]{0, 1, 7, 8, 9, 2560, 16384}) {
            double[] w = new double[n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = r.nextGaussian() * (i % 5 == 0 ? 1e-3 : 1.0);
                g[i] = r.nextGaussian();
            }
            double c = 1e-4 / (2 * 64);
            double[] g2 = g.clone();
            double expected = PenaltyKernels.l2Loss(w, c);
            PenaltyKernels.addL2Gradient(w, g, c);
            double actual = PenaltyKernels.l2LossAndAddGradient(w, g2, c);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), "loss, n = " + n);
            assertArrayEquals(g, g2, 0.0, "gradient, n = " + n);
        }
    }

    /** L2 overrides Penalty.lossAndAddGradient with the one-pass kernel: same loss and gradient as loss() then addGradient(). */
    @Test
    public void l2PenaltyOnePassEqualsLossThenGradient() {
        org.occam.core.nn.Network net = org.occam.core.train.MlpBuilder.build(5, new int[]{9}, org.occam.core.nn.Activation.RELU,
                2, org.occam.core.nn.Initializer.GLOROT_UNIFORM, java.util.List.of(), new java.util.SplittableRandom(3));
        L2 l2 = new L2(0.01, org.occam.core.spi.LambdaConvention.SKLEARN);
        org.occam.core.spi.PenaltyContext ctx = PenaltyTestSupport.context(100, 10);
        for (org.occam.core.nn.Parameter p : net.parameters()) {
            java.util.Arrays.fill(p.gradient().data(), 0.5);
            double two = l2.loss(p, ctx);
            l2.addGradient(p, ctx);
            double[] g = p.gradient().data().clone();
            java.util.Arrays.fill(p.gradient().data(), 0.5);
            double one = l2.lossAndAddGradient(p, ctx);
            assertEquals(two, one, 0.0, p.name());
            assertArrayEquals(g, p.gradient().data(), 0.0, p.name());
        }
    }
    private static double[] gaussian(java.util.SplittableRandom r, int n, double tinyScale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * (i % 5 == 0 ? tinyScale : 1.0);
        }
        return d;
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), what + " [" + i + "]");
        }
    }

    /** Two tensors in one loop: both losses and both gradients have the bits of two one-tensor calls, for any two lengths. */
    @Test
    public void l2OnTwoTensorsAtOnceEqualsOneAfterTheOther() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        int[] sizes = {0, 1, 3, 8, 9, 2560, 8192, 16384, 16387};
        for (int n1 : sizes) {
            for (int n2 : sizes) {
                double[] w1 = gaussian(r, n1, 1e-3);
                double[] w2 = gaussian(r, n2, 1e-4);
                double[] g1 = gaussian(r, n1, 1.0);
                double[] g2 = gaussian(r, n2, 1.0);
                double c = 1e-4 / (2 * 16);
                double[] e1 = g1.clone();
                double[] e2 = g2.clone();
                double l1 = PenaltyKernels.l2LossAndAddGradient(w1, e1, c);
                double l2 = PenaltyKernels.l2LossAndAddGradient(w2, e2, c);
                double[] out = new double[2];
                PenaltyKernels.l2LossAndAddGradient2(w1, g1, w2, g2, c, out);
                String what = n1 + " and " + n2;
                assertBits(new double[]{l1, l2}, out, "losses, " + what);
                assertBits(e1, g1, "first gradient, " + what);
                assertBits(e2, g2, "second gradient, " + what);
            }
        }
    }

    /**
     * L2's several-tensor override against the SPI's default (each tensor's term added from zero in
     * order), bit for bit: one to five tensors of ragged sizes, so pairs and a lone last tensor both occur.
     */
    @Test
    public void l2PenaltyOnSeveralTensorsEqualsTheDefaultLoop() {
        L2 l2 = new L2(0.03, org.occam.core.spi.LambdaConvention.SKLEARN);
        org.occam.core.spi.PenaltyContext ctx = PenaltyTestSupport.context(1000, 48);
        java.util.SplittableRandom r = new java.util.SplittableRandom(21);
        int[] rows = {128, 7, 64, 130, 3};
        int[] cols = {20, 128, 9, 128, 1};
        for (int count = 1; count <= rows.length; count++) {
            java.util.List<org.occam.core.nn.Parameter> a = new java.util.ArrayList<>();
            java.util.List<org.occam.core.nn.Parameter> b = new java.util.ArrayList<>();
            for (int t = 0; t < count; t++) {
                double[] w = gaussian(r, rows[t] * cols[t], 1e-2);
                double[] g = gaussian(r, rows[t] * cols[t], 1.0);
                a.add(parameter("a" + t, rows[t], cols[t], w, g));
                b.add(parameter("b" + t, rows[t], cols[t], w, g));
            }
            double expected = 0;
            for (org.occam.core.nn.Parameter p : a) {          // the default: one tensor after another, summed from zero
                expected += l2.lossAndAddGradient(p, ctx);
            }
            double actual = l2.lossAndAddGradients(b, ctx);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), count + " tensors");
            for (int t = 0; t < count; t++) {
                assertBits(a.get(t).gradient().data(), b.get(t).gradient().data(), "gradient " + t + " of " + count);
            }
        }
    }

    private static org.occam.core.nn.Parameter parameter(String layer, int rows, int cols, double[] w, double[] g) {
        org.occam.core.nn.Parameter p = new org.occam.core.nn.Parameter(layer, "weight", org.occam.core.nn.Parameter.Role.WEIGHT,
                false, new org.occam.core.math.Matrix(rows, cols, w.clone()));
        System.arraycopy(g, 0, p.gradient().data(), 0, g.length);
        return p;
    }

    @Test
    void l2WritesDiscardedGradientsWholeWithTheBitsOfZeroedOnes() {
        SplittableRandom rng = new SplittableRandom(8);
        L2 l2 = new L2(0.3, org.occam.core.spi.LambdaConvention.SKLEARN);
        org.occam.core.spi.PenaltyContext ctx = new org.occam.core.spi.PenaltyContext(10, 3,
                new org.occam.core.spi.TrainingClock(0, 0, 0, 5, 1));
        int[] sizes = {3, 130, 0, 7, 1};
        // every subset of discarded tensors, one to five tensors (pairs side by side and an odd one out)
        for (int count = 1; count <= sizes.length; count++) {
            for (int mask = 0; mask < (1 << count); mask++) {
                java.util.List<org.occam.core.nn.Parameter> zeroed = new java.util.ArrayList<>();
                java.util.List<org.occam.core.nn.Parameter> discarded = new java.util.ArrayList<>();
                for (int t = 0; t < count; t++) {
                    double[] w = new double[sizes[t]];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = i % 4 == 1 ? -0.0 : rng.nextDouble(-1, 1);
                    }
                    double[] stale = new double[w.length];
                    java.util.Arrays.fill(stale, 5.5);
                    boolean gone = (mask >> t & 1) == 1;
                    zeroed.add(parameter("l" + t, 1, w.length, w, gone ? new double[w.length] : stale));
                    discarded.add(parameter("l" + t, 1, w.length, w, stale));
                    if (gone) {
                        discarded.get(t).discardGradient();
                    }
                }
                double a = l2.lossAndAddGradients(zeroed, ctx);
                double b = l2.lossAndAddGradients(discarded, ctx);
                assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b));
                for (int t = 0; t < count; t++) {
                    double[] ga = zeroed.get(t).gradient().data();
                    double[] gb = discarded.get(t).gradient().data();
                    for (int i = 0; i < ga.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(ga[i]), Double.doubleToRawLongBits(gb[i]),
                                count + " tensors, mask " + mask + ", tensor " + t + " [" + i + "]");
                    }
                }
            }
        }
        org.occam.core.nn.Parameter one = parameter("o", 1, 2, new double[]{-0.0, 2}, new double[]{9, 9});
        one.discardGradient();
        l2.lossAndAddGradient(one, ctx);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(one.gradient().data()[0]));
        assertEquals(2 * 0.3 / 6 * 2, one.gradient().data()[1], 1e-15);
    }
}
