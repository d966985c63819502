package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Layer;

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
}
