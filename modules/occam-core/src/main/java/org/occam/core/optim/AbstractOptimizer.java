package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared shape of Occam's optimizers: a base learning rate, a schedule, and per-tensor state
 * arrays (moments, accumulators) that live in the per-run {@link Optimizer.OptimizerRun}, never in
 * the configured object. Subclasses give the element-wise update rule.
 */
public abstract class AbstractOptimizer implements Optimizer {

    @Config(description = "Base learning rate η (> 0).")
    protected double learningRate = 0.01;

    @Config(description = "Learning-rate schedule applied to the base rate.")
    protected LearningRateSchedule schedule = new ConstantSchedule();

    /** For OLCUT and subclasses. */
    protected AbstractOptimizer() {}

    @Override
    public void postConfig() {
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new PropertyException("", "learningRate", "expected a finite learningRate > 0, found " + learningRate);
        }
        if (schedule == null) {
            throw new PropertyException("", "schedule", "expected a schedule, found null");
        }
    }

    /** @return the base learning rate */
    public double learningRate() {
        return learningRate;
    }

    /** @return how many state arrays (each the size of a tensor) the rule keeps per tensor */
    protected abstract int stateArrays();

    /** @return the initial value of the state arrays */
    protected double initialState() {
        return 0.0;
    }

    /**
     * Updates positions {@code [from, to)} of one tensor in place. Each position's update depends
     * only on that position's value, gradient and state, so a tensor may be updated in parts with
     * the same bits.
     * @param w the values
     * @param g the gradient
     * @param state this tensor's state arrays
     * @param eta the scheduled learning rate
     * @param t the 1-based number of this step
     * @param from first position
     * @param to end position (exclusive)
     */
    protected abstract void update(double[] w, double[] g, double[][] state, double eta, long t, int from, int to);

    /**
     * Updates one or two whole tensors and seeds them as {@link OptimizerRun#stepAndSeed} says: the
     * default updates, then seeds each tensor in a loop of its own; a rule may do it all in one loop.
     * @param a the first tensor
     * @param aState its state arrays
     * @param b the second tensor, or null
     * @param bState its state arrays, or null
     * @param eta the scheduled learning rate
     * @param t the 1-based number of this step
     * @param k the gradient factor of the seed
     * @param squares written: Σw² of a's new values, then of b's (with b)
     */
    protected void updateAndSeed(Parameter a, double[][] aState, Parameter b, double[][] bState, double eta, long t,
                                 double k, double[] squares) {
        update(a.value().data(), a.gradient().data(), aState, eta, t, 0, a.value().size());
        squares[0] = OptimizerRun.seed(a, k);
        if (b != null) {
            update(b.value().data(), b.gradient().data(), bState, eta, t, 0, b.value().size());
            squares[1] = OptimizerRun.seed(b, k);
        }
    }

    @Override
    public OptimizerRun start(List<Parameter> parameters) {
        List<Parameter> params = new ArrayList<>(parameters);
        double[][][] state = new double[params.size()][stateArrays()][];
        for (int i = 0; i < params.size(); i++) {
            for (int s = 0; s < stateArrays(); s++) {
                state[i][s] = new double[params.get(i).value().size()];
                if (initialState() != 0.0) {
                    java.util.Arrays.fill(state[i][s], initialState());
                }
            }
        }
        java.util.Map<Parameter, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            index.put(params.get(i), i);
        }
        return new OptimizerRun() {
            private long steps = 0;
            private final double[] pair = new double[2];

            @Override
            public double step(TrainingClock clock) {
                steps++;
                double eta = schedule.rate(learningRate, clock);
                for (int i = 0; i < params.size(); i++) {
                    Parameter p = params.get(i);
                    update(p.value().data(), p.gradient().data(), state[i], eta, steps, 0, p.value().size());
                }
                return eta;
            }

            /** The tensors not seeded as in {@link #step}, the seeded ones two at a time ({@link #updateAndSeed}). */
            @Override
            public double stepAndSeed(TrainingClock clock, List<Parameter> seeded, double k, double[] squares) {
                steps++;
                double eta = schedule.rate(learningRate, clock);
                for (int i = 0; i < params.size(); i++) {
                    Parameter p = params.get(i);
                    if (!seeded.contains(p)) {
                        update(p.value().data(), p.gradient().data(), state[i], eta, steps, 0, p.value().size());
                    }
                }
                for (int i = 0; i < seeded.size(); i += 2) {
                    Parameter a = seeded.get(i);
                    Parameter b = i + 1 < seeded.size() ? seeded.get(i + 1) : null;
                    updateAndSeed(a, state[index.get(a)], b, b == null ? null : state[index.get(b)], eta, steps, k, pair);
                    squares[i] = pair[0];
                    if (b != null) {
                        squares[i + 1] = pair[1];
                    }
                }
                return eta;
            }
        };
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Optimizer");
    }
}
