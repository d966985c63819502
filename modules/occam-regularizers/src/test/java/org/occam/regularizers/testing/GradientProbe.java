package org.occam.regularizers.testing;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.TrainingClock;

import java.util.List;
import java.util.function.Consumer;

/** A test-only gradient transform that hands the gradients to a check and changes nothing. */
public final class GradientProbe implements GradientTransform {
    private final Consumer<List<Parameter>> check;

    /**
     * @param check called with the parameters at every step
     */
    public GradientProbe(Consumer<List<Parameter>> check) {
        this.check = check;
    }

    @Override
    public org.occam.core.spi.ParameterScope scope() {
        return org.occam.core.spi.ParameterScope.all();
    }

    @Override
    public void apply(List<Parameter> parameters, TrainingClock clock) {
        check.accept(parameters);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "GradientTransform");
    }
}
