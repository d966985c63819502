package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Where a layer plugin puts its layer, the settings every catalog layer plugin shares: the
 * {@code position} in each hidden block (before or after the activation; each plugin has its own
 * default) and an optional list of hidden {@code layers} to restrict it to (empty = every hidden
 * layer). The hidden layers of a multilayer perceptron are named {@code hidden1 … hiddenN}
 * ({@link org.occam.core.train.MlpBuilder}); naming one the network does not have is an error, never
 * silently ignored.
 */
public abstract class AbstractLayerPlugin implements LayerPlugin {
    private static final Pattern HIDDEN_LAYER = Pattern.compile("hidden([1-9][0-9]*)");

    @Config(description = "Where in each hidden block the layer goes: BEFORE_ACTIVATION (right after the dense "
            + "product) or AFTER_ACTIVATION.")
    protected LayerSlot.Position position;

    @Config(description = "If not empty, only these hidden layers get the layer (names hidden1, hidden2, ...); "
            + "empty means every hidden layer.")
    protected List<String> layers = new ArrayList<>();

    /**
     * @param defaultPosition the plugin's usual place, until configured otherwise
     */
    protected AbstractLayerPlugin(LayerSlot.Position defaultPosition) {
        this.position = defaultPosition;
    }

    /**
     * Sets the placement from code (convenience constructors), before {@link #postConfig()}.
     * @param position the slot position
     * @param layerNames the hidden layers, or empty for all
     */
    protected void setPlacement(LayerSlot.Position position, List<String> layerNames) {
        this.position = position;
        this.layers = layerNames == null ? null : new ArrayList<>(layerNames);
    }

    @Override
    public void postConfig() {
        if (position == null) {
            throw new PropertyException("", "position", "expected BEFORE_ACTIVATION or AFTER_ACTIVATION, found null");
        }
        if (layers == null) {
            layers = new ArrayList<>();
        }
        Set<String> seen = new HashSet<>();
        for (String l : layers) {
            if (l == null || !HIDDEN_LAYER.matcher(l).matches()) {
                throw new PropertyException("", "layers", "expected hidden layer names hidden1, hidden2, ..., found '"
                        + l + "' in " + layers);
            }
            if (!seen.add(l)) {
                throw new PropertyException("", "layers", "expected distinct hidden layer names, found '" + l
                        + "' twice in " + layers);
            }
        }
    }

    /** @return where in a hidden block the layer goes */
    public LayerSlot.Position position() {
        return position;
    }

    /** @return the hidden layers the plugin is restricted to (empty = all) */
    @Override
    public List<String> layers() {
        return List.copyOf(layers);
    }

    @Override
    public String placement() {
        return (position == LayerSlot.Position.BEFORE_ACTIVATION ? "before" : "after") + " the activation of "
                + (layers.isEmpty() ? "every hidden layer" : "hidden layers " + layers);
    }

    /**
     * Inserts this plugin's layer at every slot of its position in the selected hidden layers.
     * @throws PropertyException if {@code layers} names a hidden layer the network does not have
     */
    @Override
    public final Optional<Layer> createLayer(LayerSlot slot, String name, SplittableRandom rng) {
        for (String l : layers) {
            java.util.regex.Matcher m = HIDDEN_LAYER.matcher(l);
            if (!m.matches() || m.group(1).length() > 9 || Integer.parseInt(m.group(1)) > slot.hiddenCount()) {
                throw new PropertyException("", "layers", "names hidden layer '" + l + "', but the network has "
                        + slot.hiddenCount() + " hidden layers (hidden1 … hidden" + slot.hiddenCount() + ")");
            }
        }
        if (slot.position() != position || (!layers.isEmpty() && !layers.contains(slot.hiddenLayer()))) {
            return Optional.empty();
        }
        return Optional.of(newLayer(slot, name, rng));
    }

    /**
     * @param slot the slot (its width is the layer's width)
     * @param name the layer's name
     * @param rng the generator split off the run's seed for this layer; the layer keeps it if it samples
     * @return a fresh layer for one run
     */
    protected abstract Layer newLayer(LayerSlot slot, String name, SplittableRandom rng);

    /** @return the placement part of {@code toString()} */
    protected String placementString() {
        return "position=" + position + ",layers=" + layers;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LayerPlugin");
    }
}
