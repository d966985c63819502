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
         * Whether {@link #stepAndSumSquares} is implemented; the training loop asks for the sums only then.
         * @return true if this run forms sums of squares in its step
         */
        default boolean sumsSquaresInStep() {
            return false;
        }

        /**
         * {@link #step}, and for each tensor i (in the order given to {@link #start}) with
         * {@code wanted[i]}, the sum of the squares of its new values, added in index order from zero
         * ({@code ((0 + w₀²) + w₁²) + …}), written to {@code sums[i]}: an L2 penalty's sum for the next
         * step, formed inside the update loop, where the additions' latency hides behind the update's
         * other work, instead of by a loop of its own that waits on each addition.
         * @param clock where training is
         * @param wanted which tensors' sums to form
         * @param sums written at the wanted positions
         * @return the learning rate η used in this step
         * @throws UnsupportedOperationException unless {@link #sumsSquaresInStep()}
         */
        default double stepAndSumSquares(TrainingClock clock, boolean[] wanted, double[] sums) {
            throw new UnsupportedOperationException("this optimizer run does not form sums of squares");
        }
    }
}
