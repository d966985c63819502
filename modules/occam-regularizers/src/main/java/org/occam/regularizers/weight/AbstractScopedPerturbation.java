package org.occam.regularizers.weight;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.ParameterScope;
import org.occam.core.spi.WeightPerturbation;
import org.occam.regularizers.ScopeSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The scope settings of weight perturbations: by default the weights of the hidden layers (no
 * biases, not the output layer), as for penalties.
 */
public abstract class AbstractScopedPerturbation implements WeightPerturbation {
    @Config(description = "Also perturb the output layer's weights.")
    protected boolean includeOutputLayer = false;

    @Config(description = "Also perturb the biases of the selected layers.")
    protected boolean includeBiases = false;

    @Config(description = "If not empty, perturb exactly these layers (names such as hidden1, output).")
    protected List<String> layers = new ArrayList<>();

    private ParameterScope scope = ParameterScope.hiddenWeights();

    /** For OLCUT and subclasses. */
    protected AbstractScopedPerturbation() {}

    @Override
    public void postConfig() {
        layers = ScopeSettings.checkedLayers(layers);
        scope = new ParameterScope(includeOutputLayer, includeBiases, layers);
    }

    @Override
    public ParameterScope scope() {
        return scope;
    }

    /** @return the scope part of {@code toString()} */
    protected String scopeString() {
        return "includeOutputLayer=" + includeOutputLayer + ",includeBiases=" + includeBiases + ",layers=" + layers;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "WeightPerturbation");
    }
}
