package org.occam.core.optim;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.util.List;

/**
 * One-weight parameters driven by hand-supplied gradients, for optimizer reference-value tests.
 */
final class OptimizerFixtures {
    private OptimizerFixtures() {}

    /**
     * @param values initial weights
     * @return a 1 × n weight tensor
     */
    static Parameter parameter(double... values) {
        return new Parameter("layer", "weight", Parameter.Role.WEIGHT, false, Matrix.of(values.clone()));
    }

    /**
     * @param iteration the 0-based global step
     * @return a clock in epoch 0 of a 1-epoch, 1000-step run
     */
    static TrainingClock clock(long iteration) {
        return new TrainingClock(0, iteration, (int) iteration, 1000, 1);
    }

    /**
     * Runs one step per gradient and returns the weight after each.
     * @param optimizer the optimizer
     * @param w0 the initial weight
     * @param gradients one gradient per step
     * @return w_1 … w_n
     */
    static double[] trajectory(Optimizer optimizer, double w0, double... gradients) {
        Parameter p = parameter(w0);
        Optimizer.OptimizerRun run = optimizer.start(List.of(p));
        double[] out = new double[gradients.length];
        for (int t = 0; t < gradients.length; t++) {
            p.gradient().data()[0] = gradients[t];
            run.step(clock(t));
            out[t] = p.value().data()[0];
        }
        return out;
    }
}
