package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Hook 7: projects parameters onto a feasible set after the optimizer step (max-norm, unit-norm,
 * non-negativity). Implementations are immutable and choose their own tensors.
 */
public interface Constraint extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param parameters every trainable tensor; values may be changed in place
     */
    void project(List<Parameter> parameters);
}
