package org.occam.regularizers.constraint;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.ParameterScope;
import org.occam.regularizers.ScopeSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The scope settings every weight constraint shares, chosen like a penalty's scope (DESIGN §4) with
 * {@link ParameterScope}: by default the weight matrices of the hidden layers only — never biases,
 * not the output layer; {@code includeOutputLayer} adds the output layer's weights, and
 * {@code layers}, when not empty, names exactly the layers whose weights are constrained. A name
 * the network does not have is an error when the run resolves the scope, before the first step.
 */
public abstract class AbstractScopedConstraint implements Constraint {
    @Config(description = "Also constrain the output layer's weights.")
    protected boolean includeOutputLayer = false;

    @Config(description = "If not empty, constrain exactly these layers' weights (names such as hidden1, output).")
    protected List<String> layers = new ArrayList<>();

    private ParameterScope scope = ParameterScope.hiddenWeights();

    /** For OLCUT and subclasses. */
    protected AbstractScopedConstraint() {}

    @Override
    public void postConfig() {
        layers = ScopeSettings.checkedLayers(layers);
        scope = new ParameterScope(includeOutputLayer, false, layers);
    }

    /**
     * Sets the scope from code (convenience constructors); the subclass then calls {@code postConfig()}.
     * @param includeOutputLayer also the output layer
     * @param layerNames exactly these layers, if not empty
     */
    protected void setScope(boolean includeOutputLayer, List<String> layerNames) {
        this.includeOutputLayer = includeOutputLayer;
        this.layers = new ArrayList<>(layerNames);
    }

    @Override
    public ParameterScope scope() {
        return scope;
    }

    @Override
    public void project(List<Parameter> selected) {
        for (Parameter p : selected) {
            projectInPlace(p);
        }
    }

    /**
     * Projects one selected weight tensor.
     * @param p a weight matrix [out × in], changed in place
     */
    protected abstract void projectInPlace(Parameter p);

    /** @return the scope part of {@code toString()} */
    protected String scopeString() {
        return "includeOutputLayer=" + includeOutputLayer + ",layers=" + layers;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Constraint");
    }
}
