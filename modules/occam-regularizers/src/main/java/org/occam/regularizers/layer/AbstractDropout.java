package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.spi.LayerSlot;

import java.util.List;

/**
 * What every dropout plugin shares: a drop probability p ∈ [0, 1), the placement of
 * {@link AbstractLayerPlugin} (after every hidden activation by default), validation and
 * {@code toString()}. A variant adds its own settings, its runtime layer (an
 * {@link AbstractDropoutLayer}) and a kernel method in {@link DropoutKernels}.
 */
public abstract class AbstractDropout extends AbstractLayerPlugin {
    @Config(description = "Drop probability p ∈ [0, 1) in training (Keras rate, PyTorch p); the class javadoc says what is dropped.")
    protected double dropProbability;

    /**
     * @param defaultDropProbability the variant's default p
     */
    protected AbstractDropout(double defaultDropProbability) {
        super(LayerSlot.Position.AFTER_ACTIVATION);
        this.dropProbability = defaultDropProbability;
    }

    /**
     * Sets p and the placement from code (convenience constructors), before {@link #postConfig()}.
     * @param dropProbability p
     * @param position where in each hidden block
     * @param layers the hidden layers, or empty for all
     */
    protected void setDropout(double dropProbability, LayerSlot.Position position, List<String> layers) {
        this.dropProbability = dropProbability;
        setPlacement(position, layers);
    }

    @Override
    public void postConfig() {
        super.postConfig();
        checkDropProbability(dropProbability);
    }

    /**
     * @param dropProbability a configured p
     * @throws PropertyException naming {@code dropProbability} unless p ∈ [0, 1)
     */
    static void checkDropProbability(double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new PropertyException("", "dropProbability", "expected dropProbability in [0, 1), found " + dropProbability);
        }
    }

    /** @return p */
    public double dropProbability() {
        return dropProbability;
    }

    /** @return the variant's own settings for {@code toString()}, each preceded by a comma (none by default) */
    protected String settingsString() {
        return "";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(dropProbability=" + dropProbability + settingsString() + "," + placementString() + ")";
    }
}
