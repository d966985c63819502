package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.testing.GradientCheck;
import org.occam.core.testing.TestMatrices;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

public class RegressionLossTest {
    /** ŷ and y of a 2-row, 2-output batch; residuals r = ŷ − y = [[0.5, −2], [3, −0.25]]. */
    private static final Matrix OUTPUT = Matrix.of(new double[]{1.5, 0}, new double[]{3, 1});
    private static final Matrix TARGET = Matrix.of(new double[]{1, 2}, new double[]{0, 1.25});

    @Test
    public void squaredIsHalfSumOfSquaresAveragedOverRows() {
        Matrix g = new Matrix(2, 2);
        double value = new RegressionLoss(RegressionLoss.Kind.SQUARED, 1).lossAndGradient(OUTPUT, TARGET, g);
        // row 0: ½(0.25 + 4) = 2.125; row 1: ½(9 + 0.0625) = 4.53125; mean 3.328125
        assertEquals(3.328125, value, 1e-15);
        assertArrayEquals(new double[]{0.25, -1, 1.5, -0.125}, g.data(), 1e-15);
    }

    @Test
    public void absoluteIsSumOfAbsoluteResidualsAveragedOverRows() {
        Matrix g = new Matrix(2, 2);
        double value = new RegressionLoss(RegressionLoss.Kind.ABSOLUTE, 1).lossAndGradient(OUTPUT, TARGET, g);
        // (0.5 + 2 + 3 + 0.25) / 2
        assertEquals(2.875, value, 1e-15);
        assertArrayEquals(new double[]{0.5, -0.5, 0.5, -0.5}, g.data(), 0.0);
        Matrix zero = new Matrix(1, 1);
        new RegressionLoss(RegressionLoss.Kind.ABSOLUTE, 1).lossAndGradient(Matrix.of(new double[]{2}), Matrix.of(new double[]{2}), zero);
        assertEquals(0.0, zero.get(0, 0), 0.0, "subgradient 0 at r = 0");
    }

    @Test
    public void huberIsQuadraticInsideDeltaAndLinearOutside() {
        Matrix g = new Matrix(2, 2);
        double value = new RegressionLoss(RegressionLoss.Kind.HUBER, 1.0).lossAndGradient(OUTPUT, TARGET, g);
        // |r| ≤ 1: ½r² → 0.125 and 0.03125; |r| > 1: δ(|r| − δ/2) → 1.5 and 2.5
        assertEquals((0.125 + 1.5 + 2.5 + 0.03125) / 2, value, 1e-15);
        // clamp(r, −δ, δ) / rows
        assertArrayEquals(new double[]{0.25, -0.5, 0.5, -0.125}, g.data(), 1e-15);
    }

    @Test
    public void huberIsContinuousAtDelta() {
        RegressionLoss huber = new RegressionLoss(RegressionLoss.Kind.HUBER, 2.0);
        Matrix y = Matrix.of(new double[]{0});
        double at = huber.lossAndGradient(Matrix.of(new double[]{2.0}), y, null);
        assertEquals(2.0, at, 0.0); // ½δ² = δ(δ − δ/2) = 2
        double above = huber.lossAndGradient(Matrix.of(new double[]{3.0}), y, null);
        assertEquals(2.0 * (3.0 - 1.0), above, 1e-15);
    }

    @Test
    public void gradientCheckSquared() {
        SplittableRandom rng = new SplittableRandom(51);
        GradientCheck.defaults().checkLoss(new RegressionLoss(RegressionLoss.Kind.SQUARED, 1),
                TestMatrices.uniform(6, 3, -2, 2, rng), TestMatrices.uniform(6, 3, -2, 2, rng));
    }

    @Test
    public void gradientCheckAbsoluteAwayFromZeroResidual() {
        SplittableRandom rng = new SplittableRandom(52);
        Matrix target = TestMatrices.uniform(6, 3, -2, 2, rng);
        Matrix residual = TestMatrices.awayFromZero(6, 3, 0.1, 2, rng);
        Matrix output = plus(target, residual);
        GradientCheck.defaults().checkLoss(new RegressionLoss(RegressionLoss.Kind.ABSOLUTE, 1), output, target);
    }

    @Test
    public void gradientCheckHuberBothSidesOfDelta() {
        SplittableRandom rng = new SplittableRandom(53);
        double delta = 0.8;
        Matrix target = TestMatrices.uniform(4, 4, -2, 2, rng);
        Matrix residual = new Matrix(4, 4);
        double[] r = residual.data();
        for (int i = 0; i < r.length; i++) {
            // alternate |r| ∈ [0.1, 0.7] (quadratic piece) and |r| ∈ [0.9, 2.5] (linear piece), random sign
            double magnitude = i % 2 == 0 ? rng.nextDouble(0.1, 0.7) : rng.nextDouble(0.9, 2.5);
            r[i] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        GradientCheck.defaults().checkLoss(new RegressionLoss(RegressionLoss.Kind.HUBER, delta), plus(target, residual), target);
    }

    @Test
    public void invalidHuberDeltaIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RegressionLoss(RegressionLoss.Kind.HUBER, 0));
        assertThrows(IllegalArgumentException.class, () -> new RegressionLoss(RegressionLoss.Kind.HUBER, -1));
        assertThrows(IllegalArgumentException.class, () -> new RegressionLoss(RegressionLoss.Kind.HUBER, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RegressionLoss(RegressionLoss.Kind.HUBER, Double.POSITIVE_INFINITY));
    }

    @Test
    public void argumentsUntouchedAndShapesChecked() {
        Matrix o = OUTPUT.copy();
        Matrix t = TARGET.copy();
        for (RegressionLoss.Kind k : RegressionLoss.Kind.values()) {
            new RegressionLoss(k, 1).lossAndGradient(o, t, new Matrix(2, 2));
        }
        assertEquals(OUTPUT, o);
        assertEquals(TARGET, t);
        assertThrows(IllegalArgumentException.class,
                () -> new RegressionLoss(RegressionLoss.Kind.SQUARED, 1).lossAndGradient(new Matrix(2, 1), new Matrix(1, 2), null));
    }

    private static Matrix plus(Matrix a, Matrix b) {
        Matrix c = a.copy();
        for (int i = 0; i < c.size(); i++) {
            c.data()[i] += b.data()[i];
        }
        return c;
    }
}
