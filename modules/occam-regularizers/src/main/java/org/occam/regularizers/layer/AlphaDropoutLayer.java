package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.protos.LayerProto;

import java.util.SplittableRandom;

/**
 * The runtime layer of {@link AlphaDropout}: dropout that keeps a SELU network's mean 0 and
 * variance 1.
 * <pre>
 * TRAIN   keep ~ Bernoulli(1 − p) per value, freshly each pass   y = a·(keep ? x : α′) + b
 *         α′ = −λα ≈ −1.7581, a = ((1 − p)(1 + p·α′²))^(−1/2), b = −a·α′·p
 * INFER   y = x
 * </pre>
 * Backward uses the last TRAIN pass's mask: {@code ∂L/∂x = keep ? a·∂L/∂y : 0}.
 */
public final class AlphaDropoutLayer extends AbstractDropoutLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private final double scale;
    private final double shift;
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
    public AlphaDropoutLayer(String name, int width, double dropProbability, SplittableRandom rng) {
        super(name, width, dropProbability, rng);
        this.scale = DropoutKernels.alphaScale(dropProbability);
        this.shift = DropoutKernels.alphaShift(dropProbability);
    }

    /** @return the affine scale a */
    public double scale() {
        return scale;
    }

    /** @return the affine shift b */
    public double shift() {
        return shift;
    }

    @Override
    Matrix trainForward(Matrix input, SplittableRandom rng) {
        int n = input.size();
        if (keep == null || keep.length != n) {
            keep = new boolean[n];
        }
        DropoutKernels.sampleKeepMask(keep, n, dropProbability(), rng);
        output = Matrix.reuse(output, input.rows(), width());
        DropoutKernels.alphaDropout(input.data(), keep, scale, shift, output.data(), n);
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
        DropoutKernels.alphaDropoutBackward(gradOutput.data(), keep, scale, gradInput.data(), gradOutput.size());
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
    public static AlphaDropoutLayer fromProto(LayerProto proto) {
        checkProto(proto, AlphaDropoutLayer.class, VERSION);
        return new AlphaDropoutLayer(proto.getName(), Layers.intProperty(proto, "width"),
                doubleProperty(proto, "dropProbability"), null);
    }
}
