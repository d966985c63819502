package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Hook 7: projects parameters onto a feasible set after the optimizer step (max-norm, unit-norm,
 * non-negativity). Implementations are immutable; the loop resolves their {@link #scope()} once
 * per run.
 */
public interface Constraint extends ScopedHook, Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param selected the tensors {@link #scope()} selected; values may be changed in place
     */
    void project(List<Parameter> selected);
}
