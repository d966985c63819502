package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Hook 5: changes the gradients after backward and before the optimizer step (clipping by value,
 * per-tensor norm, global norm). Implementations are immutable.
 */
public interface GradientTransform extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param parameters every trainable tensor; their gradients may be changed in place
     * @param clock where training is
     */
    void apply(List<Parameter> parameters, TrainingClock clock);
}
