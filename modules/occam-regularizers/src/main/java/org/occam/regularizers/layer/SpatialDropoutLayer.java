package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.protos.LayerProto;

import java.util.SplittableRandom;

/**
 * The runtime layer of {@link SpatialDropout}: inverted dropout of whole channels of a
 * channels-last feature map.
 * <pre>
 * TRAIN   keep ~ Bernoulli(1 − p) per (row, channel), freshly each pass   y = keep ? x / (1 − p) : 0
 * INFER   y = x
 * </pre>
 * Backward uses the last TRAIN pass's channel mask: {@code ∂L/∂x = keep ? ∂L/∂y / (1 − p) : 0}.
 */
public final class SpatialDropoutLayer extends AbstractDropoutLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private final int channels;
    private transient boolean[] keep;
    private transient Matrix output;
    private transient Matrix gradInput;
    private transient int rows = -1;

    /**
     * @param name the layer's name
     * @param width the row width, a multiple of {@code channels}
     * @param channels channels per pixel (innermost)
     * @param dropProbability p ∈ [0, 1)
     * @param rng this layer's generator, or null for an inference-only layer
     */
    public SpatialDropoutLayer(String name, int width, int channels, double dropProbability, SplittableRandom rng) {
        super(name, width, dropProbability, rng);
        if (channels < 1 || width % channels != 0) {
            throw new IllegalArgumentException("layer " + name + ": width " + width + " is not a multiple of " + channels + " channels");
        }
        this.channels = channels;
    }

    /** @return channels per pixel */
    public int channels() {
        return channels;
    }

    @Override
    Matrix trainForward(Matrix input, SplittableRandom rng) {
        int n = input.rows() * channels;
        if (keep == null || keep.length != n) {
            keep = new boolean[n];
        }
        DropoutKernels.sampleKeepMask(keep, n, dropProbability(), rng);
        output = Matrix.reuse(output, input.rows(), width());
        DropoutKernels.channelDropout(input.data(), keep, width(), channels, dropProbability(), output.data(), input.size());
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
        DropoutKernels.channelDropout(gradOutput.data(), keep, width(), channels, dropProbability(), gradInput.data(),
                gradOutput.size());
        return gradInput;
    }

    /** @return a copy of the last TRAIN pass's channel mask (rows × channels, row-major), or null before the first */
    public boolean[] lastChannelMask() {
        return keep == null ? null : keep.clone();
    }

    @Override
    public LayerProto toProto() {
        return stochasticProtoBuilder(VERSION).putProperties("channels", Integer.toString(channels)).build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer, inference only (no generator)
     */
    public static SpatialDropoutLayer fromProto(LayerProto proto) {
        checkProto(proto, SpatialDropoutLayer.class, VERSION);
        return new SpatialDropoutLayer(proto.getName(), Layers.intProperty(proto, "width"), Layers.intProperty(proto, "channels"),
                doubleProperty(proto, "dropProbability"), null);
    }
}
