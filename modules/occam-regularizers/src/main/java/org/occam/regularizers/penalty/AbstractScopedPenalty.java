package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.ParameterScope;
import org.occam.regularizers.ScopeSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The scope settings every weight penalty shares (DESIGN §4): by default the weights of the hidden
 * layers only; {@code includeOutputLayer}, {@code includeBiases} and {@code layers} widen or name it.
 */
public abstract class AbstractScopedPenalty implements Penalty {
    @Config(description = "Also penalize the output layer's weights.")
    protected boolean includeOutputLayer = false;

    @Config(description = "Also penalize the biases of the selected layers.")
    protected boolean includeBiases = false;

    @Config(description = "If not empty, penalize exactly these layers (names such as hidden1, output).")
    protected List<String> layers = new ArrayList<>();

    private ParameterScope scope = ParameterScope.hiddenWeights();

    /** For OLCUT and subclasses. */
    protected AbstractScopedPenalty() {}

    @Override
    public void postConfig() {
        layers = ScopeSettings.checkedLayers(layers);
        scope = new ParameterScope(includeOutputLayer, includeBiases, layers);
    }

    /**
     * Sets the scope from code (convenience constructors), then validates.
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layerNames exactly these layers, if not empty
     */
    protected void setScope(boolean includeOutputLayer, boolean includeBiases, List<String> layerNames) {
        this.includeOutputLayer = includeOutputLayer;
        this.includeBiases = includeBiases;
        this.layers = new ArrayList<>(layerNames);
    }

    @Override
    public ParameterScope scope() {
        return scope;
    }

    /**
     * Checks a λ-like property: finite and ≥ 0.
     * @param name the property
     * @param value its value
     */
    protected static void checkNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new PropertyException("", name, "expected a finite " + name + " ≥ 0, found " + value);
        }
    }

    /** @return the scope part of {@code toString()} */
    protected String scopeString() {
        return "includeOutputLayer=" + includeOutputLayer + ",includeBiases=" + includeBiases + ",layers=" + layers;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Penalty");
    }
}
