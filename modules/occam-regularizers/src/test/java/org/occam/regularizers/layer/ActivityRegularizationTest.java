package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ActivityRegularizationTest {
    private static final SoftmaxCrossEntropy LOSS = new SoftmaxCrossEntropy();

    private static Matrix[] data() {
        SplittableRandom r = new SplittableRandom(4);
        Matrix x = new Matrix(6, 3);
        Matrix y = new Matrix(6, 2);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, r.nextGaussian());
            }
            y.set(i, i % 2, 1);
        }
        return new Matrix[]{x, y};
    }

    private static double totalLoss(Network net, Matrix[] d) {
        double l = LOSS.lossAndGradient(net.forward(d[0], Mode.TRAIN), d[1], null);
        for (Layer layer : net.allLayers()) {
            l += layer.auxiliaryLoss(6, 6);
        }
        return l;
    }

    @Test
    public void gradientOfDataPlusActivityLossMatchesCentralDifferences() {
        Network net = MlpBuilder.build(3, new int[]{5, 4}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM,
                List.of(new ActivityRegularization(0.03, 0.05)), new SplittableRandom(2));
        Matrix[] d = data();
        net.zeroGradients();
        Matrix out = net.forward(d[0], Mode.TRAIN);
        Matrix g = new Matrix(out.rows(), out.cols());
        LOSS.lossAndGradient(out, d[1], g);
        net.backward(g);
        double h = 1e-6;
        for (Parameter p : net.parameters()) {
            double[] w = p.value().data();
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + h;
                double plus = totalLoss(net, d);
                w[i] = keep - h;
                double minus = totalLoss(net, d);
                w[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                double analytic = p.gradient().data()[i];
                double err = Math.abs(numeric - analytic) / Math.max(1e-8, Math.max(Math.abs(numeric), Math.abs(analytic)));
                assertTrue(err < 1e-6 || Math.abs(numeric - analytic) < 1e-10, p.name() + "[" + i + "]: " + analytic + " vs " + numeric);
            }
        }
    }

    @Test
    public void lossIsTheBatchMeanOfTheKerasFormula() {
        ActivityRegularization.ActivityPenaltyLayer l = new ActivityRegularization.ActivityPenaltyLayer("a", 2, 0.5, 0.25);
        Matrix a = Matrix.of(new double[]{1, -2}, new double[]{3, 0});
        assertArrayEquals(a.data(), l.forward(a, Mode.TRAIN).data(), 0.0);
        // (0.5·(1+2+3) + 0.25·(1+4+9)) / 2
        assertEquals((0.5 * 6 + 0.25 * 14) / 2, l.auxiliaryLoss(100, 2), 1e-15);
    }

    @Test
    public void reportedApartAndShrinksActivations() {
        Matrix[] d = data();
        Network plain = MlpBuilder.build(3, new int[]{16}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(), new SplittableRandom(2));
        Network reg = MlpBuilder.build(3, new int[]{16}, Activation.RELU, 2, Initializer.HE_UNIFORM,
                List.of(new ActivityRegularization(0, 0.5)), new SplittableRandom(2));
        TrainingPlan plan = new TrainingPlan(200, 6, false, false, new Sgd(0.1), List.of(), List.of(), List.of(), List.of(), List.of());
        new TrainingLoop(plain, LOSS, plan, EpochEvaluator.none(), d[0], d[1], null, null, new SplittableRandom(1)).run();
        TrainingHistory h = new TrainingLoop(reg, LOSS, plan, EpochEvaluator.none(), d[0], d[1], null, null, new SplittableRandom(1)).run();
        assertTrue(h.last().penaltyLosses().containsKey("hidden1.activityregularization"), h.last().penaltyLosses().toString());
        assertEquals(h.last().dataLoss() + h.last().penaltyLosses().get("hidden1.activityregularization"), h.last().totalLoss(), 1e-12);
        assertTrue(sumSquares(hidden(reg, d)) < sumSquares(hidden(plain, d)));
    }

    private static Matrix hidden(Network n, Matrix[] d) {
        Matrix x = d[0];
        for (Layer l : n.layers()) {
            if (l.name().equals("output")) {
                break;
            }
            x = l.forward(x, Mode.INFER);
        }
        return x;
    }

    private static double sumSquares(Matrix m) {
        return m.squaredL2Norm();
    }

    @Test
    public void badSettings() {
        assertEquals("l1", assertThrows(PropertyException.class, () -> new ActivityRegularization(-1, 0.1)).getProperty());
        assertEquals("l2", assertThrows(PropertyException.class, () -> new ActivityRegularization(0, Double.NaN)).getProperty());
        assertEquals("l2", assertThrows(PropertyException.class, () -> new ActivityRegularization(0, 0)).getProperty());
    }
}
