package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.protos.LayerProto;

import java.util.SplittableRandom;

/**
 * The runtime layer of {@link Dropout}: inverted dropout with drop probability p.
 * <pre>
 * TRAIN   keep ~ Bernoulli(1 − p) per value, freshly each pass   y = keep ? x / (1 − p) : 0
 * INFER   y = x
 * </pre>
 * Backward uses the last TRAIN pass's mask: {@code ∂L/∂x = keep ? ∂L/∂y / (1 − p) : 0}.
 */
public final class DropoutLayer extends AbstractDropoutLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private transient boolean[] keep;
    private transient Matrix output;
    private transient Matrix gradInput;
    private transient int rows = -1;

    /**
     * @param name the layer's name
     * @param width the row width
     * @param dropProbability p ∈ [0, 1)
     * @param rng this layer's generator, or null for an inference-only layer
     */
    public DropoutLayer(String name, int width, double dropProbability, SplittableRandom rng) {
        super(name, width, dropProbability, rng);
    }

    @Override
    Matrix trainForward(Matrix input, SplittableRandom rng) {
        int n = input.size();
        if (keep == null || keep.length != n) {
            keep = new boolean[n];
        }
        DropoutKernels.sampleKeepMask(keep, n, dropProbability(), rng);
        output = Matrix.reuse(output, input.rows(), width());
        DropoutKernels.invertedDropout(input.data(), keep, dropProbability(), output.data(), n);
        rows = input.rows();
        return output;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        checkForwardRan(keep);
        checkGradient(gradOutput, rows);
        if (!needInputGradient) {
            return null;
        }
        gradInput = Matrix.reuse(gradInput, gradOutput.rows(), width());
        DropoutKernels.invertedDropout(gradOutput.data(), keep, dropProbability(), gradInput.data(), gradOutput.size());
        return gradInput;
    }

    /** @return a copy of the last TRAIN pass's keep mask (row-major), or null before the first */
    public boolean[] lastMask() {
        return keep == null ? null : keep.clone();
    }

    @Override
    public LayerProto toProto() {
        return stochasticProtoBuilder(VERSION).build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer, inference only (no generator)
     */
    public static DropoutLayer fromProto(LayerProto proto) {
        checkProto(proto, DropoutLayer.class, VERSION);
        return new DropoutLayer(proto.getName(), Layers.intProperty(proto, "width"), doubleProperty(proto, "dropProbability"), null);
    }
}
