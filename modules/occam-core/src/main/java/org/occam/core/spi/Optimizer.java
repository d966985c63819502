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
    }
}
