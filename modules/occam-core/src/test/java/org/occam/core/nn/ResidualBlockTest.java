package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.train.MlpBuilder;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ResidualBlockTest {

    @Test
    public void gradientsMatchCentralDifferences() {
        Network net = MlpBuilder.build(3, new int[]{4, 4, 4}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM, List.of(), true,
                new SplittableRandom(4));
        SplittableRandom r = new SplittableRandom(8);
        Matrix x = new Matrix(5, 3);
        Matrix y = new Matrix(5, 2);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, r.nextGaussian());
            }
            y.set(i, i % 2, 1);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        net.zeroGradients();
        Matrix out = net.forward(x, Mode.TRAIN);
        Matrix g = new Matrix(out.rows(), out.cols());
        loss.lossAndGradient(out, y, g);
        net.backward(g);
        double h = 1e-6;
        for (Parameter p : net.parameters()) {
            double[] w = p.value().data();
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + h;
                double plus = loss.lossAndGradient(net.forward(x, Mode.INFER), y, null);
                w[i] = keep - h;
                double minus = loss.lossAndGradient(net.forward(x, Mode.INFER), y, null);
                w[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                double analytic = p.gradient().data()[i];
                double err = Math.abs(numeric - analytic) / Math.max(1e-8, Math.max(Math.abs(numeric), Math.abs(analytic)));
                assertTrue(err < 1e-6 || Math.abs(numeric - analytic) < 1e-10, p.name() + "[" + i + "]: " + analytic + " vs " + numeric);
            }
        }
    }

    @Test
    public void outputIsInputPlusBranch() {
        Dense d = new Dense("hidden2", Matrix.of(new double[]{1, 2}, new double[]{3, 4}), Matrix.of(new double[]{0.5, -0.5}), false);
        ResidualBlock b = new ResidualBlock("block2", 2, List.of(d));
        Matrix y = b.forward(Matrix.of(new double[]{1, 1}), Mode.INFER);
        // x + (W·x + b) = (1,1) + (3.5, 6.5)
        assertEquals(4.5, y.get(0, 0), 0.0);
        assertEquals(7.5, y.get(0, 1), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new ResidualBlock("bad", 3, List.of(d)));
        assertThrows(IllegalArgumentException.class, () -> MlpBuilder.build(2, new int[]{4, 5}, Activation.RELU, 2,
                Initializer.GLOROT_UNIFORM, List.of(), true, new SplittableRandom(1)));
    }
}
