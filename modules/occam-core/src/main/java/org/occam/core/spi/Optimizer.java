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
         * Whether this run can split a step into {@link #begin} and two {@link #updateHalf} calls
         * (which the training loop may run on two threads at once) with the same bits as
         * {@link #step}: true for rules that update each position of a tensor from that position
         * alone (all of Occam's own optimizers).
         * @return false by default
         */
        default boolean updatesInHalves() {
            return false;
        }

        /**
         * First part of a split step: advances the step count and the schedule.
         * @param clock where training is
         * @return the learning rate η of this step
         * @throws UnsupportedOperationException unless {@link #updatesInHalves()}
         */
        default double begin(TrainingClock clock) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot split a step");
        }

        /**
         * Second part of a split step: updates positions {@code [0, n/2)} (first half) or
         * {@code [n/2, n)} of every tensor of n values. The two halves touch disjoint memory.
         * @param first which half
         * @throws UnsupportedOperationException unless {@link #updatesInHalves()}
         */
        default void updateHalf(boolean first) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot split a step");
        }
    }
}
