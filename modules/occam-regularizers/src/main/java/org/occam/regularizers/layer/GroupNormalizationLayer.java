package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.protos.LayerProto;

/**
 * The runtime layer of {@link GroupNormalization}: each example's features are split into G groups
 * of {@code width / G} consecutive features; each group is standardized with its own mean and
 * biased variance, then every feature is scaled and shifted.
 * <pre>
 * y_j = γ_j·(x_j − μ_g)/√(σ²_g + ε) + β_j,   g = the group of feature j     the same in TRAIN and INFER
 * </pre>
 * G = 1 is layer normalization, G = width normalizes every feature on its own (so y = β).
 * γ and β are parameters of role OTHER, starting at 1 and 0.
 */
public final class GroupNormalizationLayer extends GroupStandardizingLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    /**
     * A fresh layer, γ = 1, β = 0.
     * @param name the layer's name
     * @param width the row width
     * @param groups G, dividing the width
     * @param epsilon ε &gt; 0, added to the variance
     */
    public GroupNormalizationLayer(String name, int width, int groups, double epsilon) {
        this(name, groups, epsilon, filled(width, 1.0), filled(width, 0.0));
    }

    /**
     * A layer with given tensors (kept, not copied).
     * @param name the layer's name
     * @param groups G, dividing the width
     * @param epsilon ε &gt; 0
     * @param gamma γ, 1 × width
     * @param beta β, 1 × width
     */
    public GroupNormalizationLayer(String name, int groups, double epsilon, Matrix gamma, Matrix beta) {
        super(name, groups, epsilon, gamma, beta);
    }

    /** @return the number of groups G */
    public int groups() {
        return groupCount();
    }

    @Override
    public LayerProto toProto() {
        return normalizationProtoBuilder(VERSION).putProperties("groups", Integer.toString(groups())).build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer
     */
    public static GroupNormalizationLayer fromProto(LayerProto proto) {
        checkProto(proto, GroupNormalizationLayer.class, VERSION);
        int width = Layers.intProperty(proto, "width");
        return new GroupNormalizationLayer(proto.getName(), Layers.intProperty(proto, "groups"), doubleProperty(proto, "epsilon"),
                Layers.tensor(proto, "gamma", 1, width), Layers.tensor(proto, "beta", 1, width));
    }

    @Override
    public String toString() {
        return name() + "(GroupNormalizationLayer width " + width() + ", groups=" + groups() + ", ε=" + epsilon() + ")";
    }
}
