package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Hook 2: a layer-shaped regularizer (dropout family, normalization) inserted into the network.
 * For every hidden layer and both {@link LayerSlot.Position}s the network builder asks each plugin,
 * in list order, whether it wants a layer there. The created {@link org.occam.core.nn.Layer} holds
 * the per-run state (masks, running statistics); the plugin itself stays immutable.
 */
public interface LayerPlugin extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param slot the place
     * @param name the name the new layer must take (unique in the network)
     * @param rng a generator split off the run's seed for this layer
     * @return the layer to insert, or empty to insert nothing here
     */
    Optional<Layer> createLayer(LayerSlot slot, String name, SplittableRandom rng);

    /**
     * Offers a replacement for one of the network's dense layers (variational / Bayesian layers).
     * The builder asks the plugins in list order and the first that answers builds the layer,
     * which must keep the slot's name and widths. Default: no replacement.
     * @param slot the dense layer
     * @param initializer the trainer's weight initializer
     * @param rng a generator split off the run's seed for this layer
     * @return the replacement, or empty
     */
    default Optional<Layer> replaceDense(DenseSlot slot, Initializer initializer, SplittableRandom rng) {
        return Optional.empty();
    }

    /**
     * The layers this plugin is restricted to (names such as {@code hidden1}, {@code output}). The
     * network builder checks that the plugin inserted or replaced something at every one of them.
     * @return the names, or empty when the plugin is not restricted (the default)
     */
    default List<String> layers() {
        return List.of();
    }

    /**
     * Where this plugin puts its layers, for the message when it inserted none: a plugin that inserts
     * nothing into a network is a configuration error, never a silent no-op.
     * @return a short phrase, e.g. "after every hidden activation"
     */
    default String placement() {
        return "where its createLayer or replaceDense accepts a slot";
    }
}
