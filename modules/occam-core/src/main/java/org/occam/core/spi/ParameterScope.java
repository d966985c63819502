package org.occam.core.spi;

import org.occam.core.nn.Parameter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tensors a hook that touches parameters works on: penalties, weight perturbations,
 * constraints and gradient transforms each declare one, and the training loop resolves it once per
 * run against the network ({@link #select}). The usual scope (the seed checklist) is the weight
 * matrices of the hidden layers only: no biases, not the output layer, no normalization parameters.
 * <ul>
 *   <li>{@code includeOutputLayer}: also the output layer's weights;</li>
 *   <li>{@code includeBiases}: also the biases of the selected layers;</li>
 *   <li>{@code layers}: when not empty, exactly these layers (by name, e.g. {@code hidden1},
 *       {@code output}), overriding the hidden/output rule.</li>
 * </ul>
 * Tensors of role {@link Parameter.Role#OTHER} are never selected, except by {@link #all()}.
 */
public final class ParameterScope {
    private static final ParameterScope ALL = new ParameterScope(true, true, List.of(), true);

    private final boolean includeOutputLayer;
    private final boolean includeBiases;
    private final Set<String> layers;
    private final boolean everything;

    /**
     * @param includeOutputLayer penalize the output layer's weights too
     * @param includeBiases penalize biases too
     * @param layers if not empty, exactly these layers
     */
    public ParameterScope(boolean includeOutputLayer, boolean includeBiases, Collection<String> layers) {
        this(includeOutputLayer, includeBiases, layers, false);
    }

    private ParameterScope(boolean includeOutputLayer, boolean includeBiases, Collection<String> layers, boolean everything) {
        this.includeOutputLayer = includeOutputLayer;
        this.includeBiases = includeBiases;
        this.layers = layers == null ? Set.of() : new LinkedHashSet<>(layers);
        this.everything = everything;
    }

    /** @return every trainable tensor, normalization parameters included (gradient clipping's scope) */
    public static ParameterScope all() {
        return ALL;
    }

    /** @return the default scope: hidden-layer weights only */
    public static ParameterScope hiddenWeights() {
        return new ParameterScope(false, false, List.of());
    }

    /**
     * @param p a tensor
     * @return true if the penalty applies to it
     */
    public boolean selects(Parameter p) {
        if (everything) {
            return true;
        }
        if (p.role() == Parameter.Role.OTHER) {
            return false;
        }
        if (p.role() == Parameter.Role.BIAS && !includeBiases) {
            return false;
        }
        if (!layers.isEmpty()) {
            return layers.contains(p.layerName());
        }
        return !p.isOutputLayer() || includeOutputLayer;
    }

    /**
     * Selects from a network's parameters, failing if a named layer does not exist.
     * @param owner the hook's name, for the message
     * @param parameters all the network's tensors
     * @return the selected ones, in order
     */
    public List<Parameter> select(String owner, List<Parameter> parameters) {
        Set<String> known = new LinkedHashSet<>();
        for (Parameter p : parameters) {
            known.add(p.layerName());
        }
        for (String l : layers) {
            if (!known.contains(l)) {
                throw new IllegalArgumentException(owner + ": property 'layers' names layer '" + l
                        + "', which the network does not have; its layers are " + known);
            }
        }
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters) {
            if (selects(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        if (everything) {
            return "ParameterScope(all)";
        }
        return "ParameterScope(includeOutputLayer=" + includeOutputLayer + ",includeBiases=" + includeBiases + ",layers=" + layers + ")";
    }
}
