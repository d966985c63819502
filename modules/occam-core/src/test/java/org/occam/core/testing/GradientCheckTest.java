package org.occam.core.testing;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.RegressionLoss;
import org.occam.core.protos.LayerProto;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker itself: it must accept exact gradients of known functions, reject wrong ones, and
 * leave the checked values untouched.
 */
public class GradientCheckTest {

    /** L(x) = Σ sin(x_i)·x_{i+1} + x_0³, ∂L/∂x written out by hand. */
    private static double loss(double[] x) {
        double s = x[0] * x[0] * x[0];
        for (int i = 0; i + 1 < x.length; i++) {
            s += Math.sin(x[i]) * x[i + 1];
        }
        return s;
    }

    private static double[] gradient(double[] x) {
        double[] g = new double[x.length];
        g[0] = 3 * x[0] * x[0];
        for (int i = 0; i + 1 < x.length; i++) {
            g[i] += Math.cos(x[i]) * x[i + 1];
            g[i + 1] += Math.sin(x[i]);
        }
        return g;
    }

    @Test
    public void numericGradientOfQuadraticIsExact() {
        // Central differences are exact (up to round-off) for quadratics: d/dx (x²) = 2x.
        double[] x = {0.5, -1.25, 3.0};
        double[] n = GradientCheck.defaults().numericGradient(x, () -> x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        assertArrayEquals(new double[]{1.0, -2.5, 6.0}, n, 1e-8);
    }

    @Test
    public void acceptsCorrectGradientAndRestoresValues() {
        double[] x = {0.3, -0.7, 1.1, 0.9};
        double[] before = x.clone();
        GradientCheck.Report r = GradientCheck.defaults().check("x", x, gradient(x), () -> loss(x));
        assertEquals(4, r.checked());
        assertTrue(r.worstRelativeError() < 1e-6);
        assertArrayEquals(before, x, 0.0, "values must be restored bit-for-bit");
    }

    @Test
    public void rejectsWrongGradient() {
        double[] x = {0.3, -0.7, 1.1, 0.9};
        double[] g = gradient(x);
        g[2] *= 1.0 + 1e-4;
        GradientCheck check = GradientCheck.defaults();
        GradientCheck.Report r = check.measure("x", x, g, () -> loss(x));
        assertFalse(r.passes(check.maxRelativeError()));
        assertEquals("x[2]", r.worstEntry());
        assertEquals(1e-4, r.worstRelativeError(), 1e-6);
        assertThrows(AssertionError.class, () -> check.check("x", x, g, () -> loss(x)));
    }

    @Test
    public void floorStillCatchesErrorsInSmallDerivatives() {
        // L = 1e-5·x² at x = 0.5 has derivative 1e-5, below the floor
        double[] x = {0.5};
        GradientCheck check = GradientCheck.defaults();
        check.check("x", x, new double[]{1e-5}, () -> 1e-5 * x[0] * x[0]);
        // 1% wrong: |a − n| = 1e-7 ≥ maxRelativeError·floor = 1e-9
        assertThrows(AssertionError.class, () -> check.check("x", x, new double[]{1.01e-5}, () -> 1e-5 * x[0] * x[0]));
    }

    @Test
    public void rejectsNonFiniteGradient() {
        double[] x = {0.3, -0.7};
        double[] g = gradient(x);
        g[0] = Double.NaN;
        assertThrows(AssertionError.class, () -> GradientCheck.defaults().check("x", x, g, () -> loss(x)));
    }

    @Test
    public void rejectsEmptyCheck() {
        assertThrows(AssertionError.class, () -> GradientCheck.defaults().check("none", new double[0], new double[0], () -> 0.0));
    }

    @Test
    public void relativeErrorUsesTheFloor() {
        assertEquals(0.0, GradientCheck.relativeError(0.0, 0.0, 1e-8));
        assertEquals(0.5, GradientCheck.relativeError(1.0, 0.5, 1e-8), 0.0);
        assertEquals(0.5, GradientCheck.relativeError(-0.5, -1.0, 1e-8), 0.0);
        // below the floor the denominator is the floor: |1e-12 − 0| / 1e-8
        assertEquals(1e-4, GradientCheck.relativeError(1e-12, 0.0, 1e-8), 1e-18);
        assertTrue(Double.isNaN(GradientCheck.relativeError(Double.POSITIVE_INFINITY, 1.0, 1e-8)));
    }

    @Test
    public void stepIsTheConfiguredOne() {
        // For L = x³ at x = 0 the central difference is (h³ + h³)/2h = h², so it reveals h.
        double[] x = {0.0};
        assertEquals(1e-12, GradientCheck.defaults().numericGradient(x, () -> x[0] * x[0] * x[0])[0], 1e-24);
        assertEquals(1e-2, GradientCheck.defaults().withStep(0.1).numericGradient(x, () -> x[0] * x[0] * x[0])[0], 1e-15);
        AtomicInteger calls = new AtomicInteger();
        GradientCheck.defaults().numericGradient(new double[5], () -> calls.incrementAndGet());
        assertEquals(10, calls.get(), "two evaluations per entry");
    }

    @Test
    public void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().withStep(0));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().withStep(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().withMaxRelativeError(0));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().withFloor(-1));
    }

    private static Network twoLayerNetwork(Layer middle, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Dense d1 = new Dense("d1", TestMatrices.uniform(4, 3, -1, 1, rng), TestMatrices.uniform(1, 4, -1, 1, rng), false);
        Dense d2 = new Dense("d2", TestMatrices.uniform(2, 4, -1, 1, rng), TestMatrices.uniform(1, 2, -1, 1, rng), true);
        return middle == null ? new Network(3, List.of(d1, d2)) : new Network(3, List.of(d1, middle, d2));
    }

    @Test
    public void extraLossTermsThroughCheckParameters() {
        // data loss + ½λ‖W‖² over every weight, with the penalty gradient λW added before backward:
        // the pattern penalty tests follow
        Network net = twoLayerNetwork(null, 3);
        RegressionLoss loss = new RegressionLoss(RegressionLoss.Kind.SQUARED, 1);
        SplittableRandom rng = new SplittableRandom(4);
        Matrix x = TestMatrices.uniform(5, 3, -1, 1, rng);
        Matrix y = TestMatrices.uniform(5, 2, -1, 1, rng);
        double lambda = 0.3;
        Runnable gradients = () -> {
            Matrix out = net.forward(x, Mode.TRAIN);
            Matrix g = new Matrix(out.rows(), out.cols());
            loss.lossAndGradient(out, y, g);
            for (Parameter p : net.parameters()) {
                if (p.role() == Parameter.Role.WEIGHT) {
                    for (int i = 0; i < p.value().size(); i++) {
                        p.gradient().data()[i] += lambda * p.value().data()[i];
                    }
                }
            }
            net.backward(g);
        };
        java.util.function.DoubleSupplier value = () -> {
            double penalty = 0;
            for (Parameter p : net.parameters()) {
                if (p.role() == Parameter.Role.WEIGHT) {
                    penalty += 0.5 * lambda * p.value().squaredL2Norm();
                }
            }
            return loss.lossAndGradient(net.forward(x, Mode.INFER), y, null) + penalty;
        };
        GradientCheck.Report r = GradientCheck.defaults().checkParameters("l2", net.parameters(), gradients, value);
        assertEquals(4 * 3 + 4 + 2 * 4 + 2, r.checked());
        // forgetting the penalty's gradient is caught
        Runnable dataOnly = () -> {
            Matrix out = net.forward(x, Mode.TRAIN);
            Matrix g = new Matrix(out.rows(), out.cols());
            loss.lossAndGradient(out, y, g);
            net.backward(g);
        };
        assertThrows(AssertionError.class, () -> GradientCheck.defaults().checkParameters("l2", net.parameters(), dataOnly, value));
    }

    @Test
    public void stochasticLayerNeedsTrainModeAndAnRngReset() {
        MaskLayer mask = new MaskLayer("mask", 4, 17);
        Network net = twoLayerNetwork(mask, 5);
        RegressionLoss loss = new RegressionLoss(RegressionLoss.Kind.SQUARED, 1);
        SplittableRandom rng = new SplittableRandom(6);
        Matrix x = TestMatrices.uniform(5, 3, -1, 1, rng);
        Matrix y = TestMatrices.uniform(5, 2, -1, 1, rng);
        GradientCheck stochastic = GradientCheck.defaults().withNumericMode(Mode.TRAIN).withBeforeEachForward(mask::reset);
        stochastic.checkNetwork(net, loss, x, y);
        stochastic.checkLayerInput(mask, TestMatrices.uniform(5, 4, -1, 1, rng), rng);
        // numerical passes in INFER see no mask, and TRAIN passes without a reset see other masks: both fail
        assertThrows(AssertionError.class, () -> GradientCheck.defaults().withBeforeEachForward(mask::reset).checkNetwork(net, loss, x, y));
        assertThrows(AssertionError.class, () -> GradientCheck.defaults().withNumericMode(Mode.TRAIN).checkNetwork(net, loss, x, y));
    }

    /** Inverted dropout with keep probability ½, drawing its mask from a resettable generator. */
    private static final class MaskLayer implements Layer {
        private final String name;
        private final int width;
        private final long seed;
        private SplittableRandom rng;
        private Matrix mask;

        MaskLayer(String name, int width, long seed) {
            this.name = name;
            this.width = width;
            this.seed = seed;
            reset();
        }

        void reset() {
            rng = new SplittableRandom(seed);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int inputWidth() {
            return width;
        }

        @Override
        public int outputWidth() {
            return width;
        }

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            Matrix out = input.copy();
            if (mode == Mode.INFER) {
                return out;
            }
            mask = new Matrix(input.rows(), width);
            for (int i = 0; i < out.size(); i++) {
                mask.data()[i] = rng.nextBoolean() ? 2.0 : 0.0;
                out.data()[i] *= mask.data()[i];
            }
            return out;
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            Matrix g = gradOutput.copy();
            for (int i = 0; i < g.size(); i++) {
                g.data()[i] *= mask.data()[i];
            }
            return g;
        }

        @Override
        public LayerProto toProto() {
            throw new UnsupportedOperationException();
        }
    }
}
