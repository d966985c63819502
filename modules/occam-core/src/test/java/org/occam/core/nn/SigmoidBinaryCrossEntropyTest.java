package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.testing.GradientCheck;
import org.occam.core.testing.TestMatrices;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

public class SigmoidBinaryCrossEntropyTest {
    private final SigmoidBinaryCrossEntropy loss = new SigmoidBinaryCrossEntropy();

    @Test
    public void valueIsTheMeanLogLossOfTheSigmoid() {
        Matrix z = Matrix.of(new double[]{0.7}, new double[]{-1.2}, new double[]{2.0});
        Matrix t = Matrix.of(new double[]{1}, new double[]{0}, new double[]{0.25});
        Matrix g = new Matrix(3, 1);
        double[] p = {1 / (1 + Math.exp(-0.7)), 1 / (1 + Math.exp(1.2)), 1 / (1 + Math.exp(-2.0))};
        double expected = (-Math.log(p[0]) - Math.log(1 - p[1]) - 0.25 * Math.log(p[2]) - 0.75 * Math.log(1 - p[2])) / 3;
        assertEquals(expected, loss.lossAndGradient(z, t, g), 1e-15);
        assertArrayEquals(new double[]{(p[0] - 1) / 3, p[1] / 3, (p[2] - 0.25) / 3}, g.data(), 1e-15);
    }

    @Test
    public void largeLogitsAreStable() {
        Matrix z = Matrix.of(new double[]{1000}, new double[]{-1000});
        Matrix t = Matrix.of(new double[]{0}, new double[]{0});
        Matrix g = new Matrix(2, 1);
        assertEquals(500.0, loss.lossAndGradient(z, t, g), 1e-12);
        assertArrayEquals(new double[]{0.5, 0.0}, g.data(), 1e-15);
    }

    @Test
    public void gradientCheck() {
        SplittableRandom rng = new SplittableRandom(45);
        GradientCheck.defaults().checkLoss(loss, TestMatrices.uniform(6, 1, -3, 3, rng), TestMatrices.uniform(6, 1, 0, 1, rng));
    }

    @Test
    public void predictionsAreTheSigmoid() {
        Matrix m = Matrix.of(new double[]{0.0}, new double[]{Math.log(3)});
        loss.toPredictionsInPlace(m);
        assertArrayEquals(new double[]{0.5, 0.75}, m.data(), 1e-15);
    }

    @Test
    public void moreThanOneColumnIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(new Matrix(2, 2), new Matrix(2, 2), null));
    }
}
