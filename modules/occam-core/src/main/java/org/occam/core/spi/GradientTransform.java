package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Hook 5: changes the gradients after backward and before the optimizer step (clipping by value,
 * per-tensor norm, global norm). Implementations are immutable; the loop resolves their
 * {@link #scope()} once per run (clipping usually takes {@link ParameterScope#all()}).
 */
public interface GradientTransform extends ScopedHook, Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param parameters the tensors {@link #scope()} selected; their gradients may be changed in place
     * @param clock where training is
     */
    void apply(List<Parameter> parameters, TrainingClock clock);
}
