package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.testing.TestMatrices;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ReLU between two Dense layers works in place in TRAIN passes: same bits as the separate buffers
 * (checked against the plain formulas), on pre-activations that include +0, −0 and NaN.
 */
public class ActivationLayerInPlaceTest {

    private static Dense dense(String name, int in, int out, boolean outputLayer, SplittableRandom rng) {
        return new Dense(name, TestMatrices.uniform(out, in, -1, 1, rng), TestMatrices.uniform(1, out, -0.5, 0.5, rng),
                outputLayer);
    }

    @Test
    public void onlyAReluBetweenTwoDenseLayersIsMarked() {
        SplittableRandom rng = new SplittableRandom(5);
        ActivationLayer first = new ActivationLayer("a0", 3, Activation.RELU);
        ActivationLayer middle = new ActivationLayer("a1", 4, Activation.RELU);
        ActivationLayer tanh = new ActivationLayer("a2", 4, Activation.TANH);
        ActivationLayer last = new ActivationLayer("a3", 2, Activation.RELU);
        new Network(3, List.of(first, dense("d0", 3, 4, false, rng), middle, dense("d1", 4, 4, false, rng), tanh,
                dense("d2", 4, 2, true, rng), last));
        assertFalse(first.trainsInPlace());
        assertTrue(middle.trainsInPlace());
        assertFalse(tanh.trainsInPlace());
        assertFalse(last.trainsInPlace());
    }

    @Test
    public void inPlacePassesHaveTheBitsOfTheFormulas() {
        SplittableRandom rng = new SplittableRandom(17);
        int rows = 7;
        int in = 3;
        int hidden = 13;                              // not a multiple of the vector length: the tail runs too
        int out = 2;
        Dense d0 = dense("d0", in, hidden, false, rng);
        ActivationLayer relu = new ActivationLayer("relu", hidden, Activation.RELU);
        Dense d1 = dense("d1", hidden, out, true, rng);
        Network net = new Network(in, List.of(d0, relu, d1));
        assertTrue(relu.trainsInPlace());
        // in row 0, units 0 and 1 have pre-activation +0 (zero weights, bias ±0: Dense sums from +0);
        // row 1 has a NaN input, so all its pre-activations are NaN
        double[] w0 = d0.parameters().get(0).value().data();
        double[] b0 = d0.parameters().get(1).value().data();
        for (int j = 0; j < in; j++) {
            w0[j] = 0.0;
            w0[in + j] = 0.0;
        }
        b0[0] = 0.0;
        b0[1] = -0.0;
        Matrix x = TestMatrices.uniform(rows, in, -2, 2, rng);
        x.data()[in] = Double.NaN;

        // the reference: z = x·W0ᵀ + b0 by Dense itself (not in place), y = max(z, 0), then d1
        Matrix z = d0.forward(x, Mode.INFER);
        double[] y = new double[z.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(z.data()[i], 0.0);
        }
        assertEquals(0.0, z.data()[0], 0.0);
        assertEquals(0.0, z.data()[1], 0.0);
        assertTrue(Double.isNaN(z.data()[hidden + 2]));
        Matrix expectedOut = d1.forward(new Matrix(rows, hidden, y.clone()), Mode.INFER);

        Matrix actualOut = net.forward(x, Mode.TRAIN);
        assertArrayEquals(expectedOut.data(), actualOut.data(), 0.0);
        assertArrayEquals(y, relu.lastTrainingOutput().data(), 0.0);

        // backward: g_y from d1 (its input gradient), then g_z = z > 0 ? g_y : 0
        Matrix g = TestMatrices.uniform(rows, out, -1, 1, rng);
        Matrix gy = d1.backward(g, true);
        double[] gyValues = gy.data().clone();
        double[] gz = new double[rows * hidden];
        for (int i = 0; i < gz.length; i++) {
            gz[i] = z.data()[i] > 0 ? gyValues[i] : 0.0;
        }
        Matrix gzActual = relu.backward(gy, true);
        assertSame(gy, gzActual);
        assertArrayEquals(gz, gzActual.data(), 0.0);
        // the same computation through a standalone layer (separate buffers) gives the same bits
        ActivationLayer separate = new ActivationLayer("separate", hidden, Activation.RELU);
        assertFalse(separate.trainsInPlace());
        Matrix zCopy = z.copy();
        Matrix ySeparate = separate.forward(zCopy, Mode.TRAIN);
        assertNotSame(zCopy, ySeparate);
        assertArrayEquals(y, ySeparate.data(), 0.0);
        assertArrayEquals(gz, separate.backward(new Matrix(rows, hidden, gyValues), true).data(), 0.0);
    }

    @Test
    public void inPlaceMaskEqualsTheMaskOfThePreActivations() {
        double[] special = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, 1.5, -2.5};
        SplittableRandom rng = new SplittableRandom(29);
        int n = 37;                                   // ragged: a vector tail after the full vectors
        double[] z = new double[n];
        double[] gy = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = i < special.length ? special[i] : rng.nextDouble(-1, 1);
            gy[i] = i % 5 == 0 ? -0.0 : rng.nextDouble(-3, 3);
        }
        double[] expectedY = new double[n];
        double[] expectedGz = new double[n];
        for (int i = 0; i < n; i++) {
            expectedY[i] = Math.max(z[i], 0.0);
            expectedGz[i] = z[i] > 0 ? gy[i] : 0.0;
        }
        ActivationLayer layer = new ActivationLayer("relu", n, Activation.RELU);
        layer.trainInPlace(true);
        Matrix zm = new Matrix(1, n, z.clone());
        Matrix y = layer.forward(zm, Mode.TRAIN);
        assertSame(zm, y);
        Matrix g = new Matrix(1, n, gy.clone());
        Matrix gz = layer.backward(g, true);
        assertSame(g, gz);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(expectedY[i]), Double.doubleToRawLongBits(y.data()[i]), "y at " + i);
            assertEquals(Double.doubleToRawLongBits(expectedGz[i]), Double.doubleToRawLongBits(gz.data()[i]), "gz at " + i);
        }
    }

    @Test
    public void onlyReluWorksInPlace() {
        for (Activation a : Activation.values()) {
            ActivationLayer layer = new ActivationLayer("act", 3, a);
            layer.trainInPlace(true);
            assertEquals(a == Activation.RELU, layer.trainsInPlace(), a.name());
        }
    }

    @Test
    public void inferDoesNotOverwriteItsInput() {
        SplittableRandom rng = new SplittableRandom(23);
        Dense d0 = dense("d0", 2, 5, false, rng);
        ActivationLayer relu = new ActivationLayer("relu", 5, Activation.RELU);
        new Network(2, List.of(d0, relu, dense("d1", 5, 1, true, rng)));
        Matrix z = TestMatrices.uniform(4, 5, -1, 1, rng);
        Matrix before = z.copy();
        Matrix y = relu.forward(z, Mode.INFER);
        assertNotSame(z, y);
        assertEquals(before, z);
    }
}
