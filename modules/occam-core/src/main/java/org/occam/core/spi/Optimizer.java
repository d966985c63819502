package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Hook 6: turns gradients into parameter updates. The configured optimizer is immutable; every
 * training run calls {@link #start} and gets an {@link OptimizerRun} holding the moments.
 */
public interface Optimizer extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param parameters the tensors to update, in a fixed order
     * @return the per-run state
     */
    OptimizerRun start(List<Parameter> parameters);

    /** The per-run part of an optimizer. */
    interface OptimizerRun {
        /**
         * Updates every tensor from its gradient.
         * @param clock where training is (drives the learning-rate schedule)
         * @return the learning rate η used in this step
         */
        double step(TrainingClock clock);

        /**
         * {@link #step}, and then for each tensor of {@code seeded} (tensors of this run) its gradient
         * written {@code g = 0 + k·w} from the new values and {@code squares[i] = Σw²} of the new values,
         * summed in index order from 0: an L2 penalty's gradient and sum for the next step
         * ({@link Penalty#squaredNormCoefficient}). The default runs the step and then one loop per
         * tensor; a rule may form them in its update's loop (the same bits).
         * @param clock where training is
         * @param seeded the tensors to seed, in the penalty's order
         * @param k the gradient factor 2c
         * @param squares written, one per seeded tensor
         * @return the learning rate η used in this step
         */
        default double stepAndSeed(TrainingClock clock, List<Parameter> seeded, double k, double[] squares) {
            double eta = step(clock);
            for (int i = 0; i < seeded.size(); i++) {
                squares[i] = seed(seeded.get(i), k);
            }
            return eta;
        }

        /**
         * {@code g = 0 + k·w} and Σw² of one tensor, as {@link #stepAndSeed} forms them after an update.
         * @param p the tensor
         * @param k the gradient factor
         * @return Σw², in index order from 0
         */
        static double seed(Parameter p, double k) {
            double[] w = p.value().data();
            double[] g = p.gradient().data();
            double s = 0.0;
            for (int j = 0; j < w.length; j++) {
                g[j] = 0.0 + k * w[j];
                s += w[j] * w[j];
            }
            return s;
        }
    }
}
