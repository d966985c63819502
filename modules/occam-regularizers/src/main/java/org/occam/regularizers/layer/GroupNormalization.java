package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Group normalization: each example's features are split into G groups of consecutive features,
 * each group is standardized with its own mean and biased variance, then every feature is scaled
 * and shifted by learnable γ_j and β_j.
 * <pre>
 * y_j = γ_j·(x_j − μ_g)/√(σ²_g + ε) + β_j      g = the group of feature j, |g| = width / G
 * </pre>
 * Like {@link LayerNormalization} (which is the case G = 1) it uses no batch statistics: TRAIN and
 * INFER compute the same function. G must divide the width of every hidden layer it is applied to;
 * a width it does not divide fails when the network is built, naming {@code groups}.
 * <p>
 * Defaults: G = 32, ε = 1e-3 (Keras' {@code GroupNormalization(groups=32, epsilon=1e-3)}), before
 * each hidden activation, every hidden layer. PyTorch: {@code nn.GroupNorm(num_groups=G,
 * num_channels=width, eps=ε)} (default ε = 1e-5), with an MLP's features as channels.
 * <pre>
 * Wu &amp; He, "Group Normalization", ECCV 2018.
 * </pre>
 */
public final class GroupNormalization extends AbstractLayerPlugin {
    /** The default number of groups (Keras'). */
    public static final int DEFAULT_GROUPS = 32;
    /** The default ε (Keras'). */
    public static final double DEFAULT_EPSILON = 1e-3;

    @Config(description = "Number of groups G ≥ 1 per example; must divide the width of every normalized layer.")
    private int groups = DEFAULT_GROUPS;

    @Config(description = "ε > 0 added to the variance before the square root.")
    private double epsilon = DEFAULT_EPSILON;

    /** For OLCUT. */
    private GroupNormalization() {
        super(LayerSlot.Position.BEFORE_ACTIVATION);
    }

    /**
     * Group normalization before every hidden activation.
     * @param groups G ≥ 1
     * @param epsilon ε &gt; 0
     */
    public GroupNormalization(int groups, double epsilon) {
        this(groups, epsilon, LayerSlot.Position.BEFORE_ACTIVATION, List.of());
    }

    /**
     * @param groups G ≥ 1
     * @param epsilon ε &gt; 0
     * @param position where in each hidden block
     * @param layers the hidden layers to apply it to, or empty for all
     */
    public GroupNormalization(int groups, double epsilon, LayerSlot.Position position, List<String> layers) {
        super(LayerSlot.Position.BEFORE_ACTIVATION);
        this.groups = groups;
        this.epsilon = epsilon;
        setPlacement(position, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (groups < 1) {
            throw new PropertyException("", "groups", "expected groups ≥ 1, found " + groups);
        }
        BatchNormalization.checkEpsilon(epsilon);
    }

    /** @return G */
    public int groups() {
        return groups;
    }

    /** @return ε */
    public double epsilon() {
        return epsilon;
    }

    /**
     * @throws PropertyException naming {@code groups} if G does not divide the slot's width
     */
    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        if (slot.width() % groups != 0) {
            throw new PropertyException("", "groups", "expected groups to divide the width of " + slot.hiddenLayer()
                    + ", which is " + slot.width() + ", found groups = " + groups);
        }
        return new GroupNormalizationLayer(name, slot.width(), groups, epsilon);
    }

    @Override
    public String toString() {
        return "GroupNormalization(groups=" + groups + ",epsilon=" + epsilon + "," + placementString() + ")";
    }
}
