package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Layer normalization: each example is standardized over its own features, then scaled and
 * shifted per feature by learnable γ and β.
 * <pre>
 * y_j = γ_j·(x_j − μ)/√(σ² + ε) + β_j      μ, σ²: mean and biased variance of the example's features
 * </pre>
 * No batch statistics and no running averages: TRAIN and INFER compute the same function, and a
 * prediction does not depend on the other rows of its batch. γ and β are trained parameters of role
 * OTHER (weight penalties leave them alone by default).
 * <p>
 * Defaults: ε = 1e-3, before each hidden activation (on the summed inputs, as in the paper), every
 * hidden layer. Equals Keras' {@code LayerNormalization(epsilon=ε)} (default 1e-3) and PyTorch's
 * {@code nn.LayerNorm(width, eps=ε)} (default 1e-5).
 * <pre>
 * Ba, Kiros &amp; Hinton, "Layer Normalization", arXiv:1607.06450, 2016.
 * </pre>
 */
public final class LayerNormalization extends AbstractLayerPlugin {
    /** The default ε (Keras'). */
    public static final double DEFAULT_EPSILON = 1e-3;

    @Config(description = "ε > 0 added to the variance before the square root.")
    private double epsilon = DEFAULT_EPSILON;

    /** For OLCUT. */
    private LayerNormalization() {
        super(LayerSlot.Position.BEFORE_ACTIVATION);
    }

    /**
     * Layer normalization before every hidden activation.
     * @param epsilon ε &gt; 0
     */
    public LayerNormalization(double epsilon) {
        this(epsilon, LayerSlot.Position.BEFORE_ACTIVATION, List.of());
    }

    /**
     * @param epsilon ε &gt; 0
     * @param position where in each hidden block
     * @param layers the hidden layers to apply it to, or empty for all
     */
    public LayerNormalization(double epsilon, LayerSlot.Position position, List<String> layers) {
        super(LayerSlot.Position.BEFORE_ACTIVATION);
        this.epsilon = epsilon;
        setPlacement(position, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        BatchNormalization.checkEpsilon(epsilon);
    }

    /** @return ε */
    public double epsilon() {
        return epsilon;
    }

    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        return new LayerNormalizationLayer(name, slot.width(), epsilon);
    }

    @Override
    public String toString() {
        return "LayerNormalization(epsilon=" + epsilon + "," + placementString() + ")";
    }
}
