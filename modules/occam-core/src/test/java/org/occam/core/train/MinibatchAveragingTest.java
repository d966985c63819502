package org.occam.core.train;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.RegressionLoss;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The gradient is the mean over the minibatch: one SGD step on a batch of b copies of one example
 * equals one step on that example alone (Tribuo's SGD trainers sum instead, so their step grows
 * with b).
 */
public class MinibatchAveragingTest {

    private static Network net() {
        return MlpBuilder.build(3, new int[]{6, 5}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(17));
    }

    private static Matrix repeat(double[] row, int times) {
        Matrix m = new Matrix(times, row.length);
        for (int i = 0; i < times; i++) {
            System.arraycopy(row, 0, m.data(), i * row.length, row.length);
        }
        return m;
    }

    private static void step(Network n, org.occam.core.nn.Loss loss, Matrix x, Matrix y) {
        TrainingPlan plan = new TrainingPlan(1, x.rows(), false, false, new Sgd(0.5), List.of(), List.of(), List.of(), List.of(), List.of());
        new TrainingLoop(n, loss, plan, EpochEvaluator.none(), x, y, null, null, new SplittableRandom(1)).run();
    }

    private static void assertSameStep(org.occam.core.nn.Loss loss, double[] x, double[] y) {
        for (int b : new int[]{2, 7, 64}) {
            Network single = net();
            Network copies = net();
            step(single, loss, repeat(x, 1), repeat(y, 1));
            step(copies, loss, repeat(x, b), repeat(y, b));
            Network untouched = net();
            for (int i = 0; i < single.parameters().size(); i++) {
                // averaging b identical gradients reproduces the single gradient up to rounding of the sum
                assertArrayEquals(single.parameters().get(i).value().data(), copies.parameters().get(i).value().data(), 1e-14,
                        "b = " + b + ", " + single.parameters().get(i).name());
            }
            assertFalse(java.util.Arrays.equals(untouched.parameters().get(0).value().data(), single.parameters().get(0).value().data()),
                    "the step must move the weights");
        }
    }

    @Test
    public void classificationStepIsIndependentOfTheNumberOfCopies() {
        assertSameStep(new SoftmaxCrossEntropy(), new double[]{0.3, -1.2, 0.8}, new double[]{0, 1});
    }

    @Test
    public void regressionStepIsIndependentOfTheNumberOfCopies() {
        assertSameStep(new RegressionLoss(RegressionLoss.Kind.SQUARED, 1), new double[]{0.3, -1.2, 0.8}, new double[]{0.5, -2});
    }
}
