package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.protos.LayerProto;

/**
 * The runtime layer of {@link LayerNormalization}: each example is standardized over its own
 * features, then scaled and shifted per feature.
 * <pre>
 * μ = mean of the row, σ² = biased variance of the row
 * y_j = γ_j·(x_j − μ)/√(σ² + ε) + β_j            the same in TRAIN and INFER
 * </pre>
 * γ and β are parameters of role OTHER (not touched by weight penalties by default), starting at 1 and 0.
 */
public final class LayerNormalizationLayer extends GroupStandardizingLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    /**
     * A fresh layer, γ = 1, β = 0.
     * @param name the layer's name
     * @param width the row width
     * @param epsilon ε &gt; 0, added to the variance
     */
    public LayerNormalizationLayer(String name, int width, double epsilon) {
        this(name, epsilon, filled(width, 1.0), filled(width, 0.0));
    }

    /**
     * A layer with given tensors (kept, not copied).
     * @param name the layer's name
     * @param epsilon ε &gt; 0
     * @param gamma γ, 1 × width
     * @param beta β, 1 × width
     */
    public LayerNormalizationLayer(String name, double epsilon, Matrix gamma, Matrix beta) {
        super(name, 1, epsilon, gamma, beta);
    }

    @Override
    public LayerProto toProto() {
        return normalizationProtoBuilder(VERSION).build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer
     */
    public static LayerNormalizationLayer fromProto(LayerProto proto) {
        checkProto(proto, LayerNormalizationLayer.class, VERSION);
        int width = Layers.intProperty(proto, "width");
        return new LayerNormalizationLayer(proto.getName(), doubleProperty(proto, "epsilon"),
                Layers.tensor(proto, "gamma", 1, width), Layers.tensor(proto, "beta", 1, width));
    }

    @Override
    public String toString() {
        return name() + "(LayerNormalizationLayer width " + width() + ", ε=" + epsilon() + ")";
    }
}
