package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.protos.LayerProto;

import java.util.SplittableRandom;

/**
 * The runtime layer of {@link GaussianDropout}: multiplicative Gaussian noise of mean 1.
 * <pre>
 * TRAIN   m ~ N(1, p / (1 − p)) per value, freshly each pass   y = m·x
 * INFER   y = x
 * </pre>
 * Backward uses the last TRAIN pass's multipliers: {@code ∂L/∂x = m·∂L/∂y}.
 */
public final class GaussianDropoutLayer extends AbstractDropoutLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private final double stddev;
    private transient double[] multipliers;
    private transient Matrix output;
    private transient Matrix gradInput;
    private transient int rows = -1;

    /**
     * @param name the layer's name
     * @param width the row width
     * @param dropProbability p ∈ [0, 1); the noise's standard deviation is √(p / (1 − p))
     * @param rng this layer's generator, or null for an inference-only layer
     */
    public GaussianDropoutLayer(String name, int width, double dropProbability, SplittableRandom rng) {
        super(name, width, dropProbability, rng);
        this.stddev = DropoutKernels.gaussianStddev(dropProbability);
    }

    /** @return the noise's standard deviation √(p / (1 − p)) */
    public double stddev() {
        return stddev;
    }

    @Override
    Matrix trainForward(Matrix input, SplittableRandom rng) {
        int n = input.size();
        if (multipliers == null || multipliers.length != n) {
            multipliers = new double[n];
        }
        DropoutKernels.sampleGaussianMultipliers(multipliers, n, stddev, rng);
        output = Matrix.reuse(output, input.rows(), width());
        DropoutKernels.multiply(input.data(), multipliers, output.data(), n);
        rows = input.rows();
        return output;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        checkForwardRan(multipliers);
        checkGradient(gradOutput, rows);
        if (!needInputGradient) {
            return null;
        }
        gradInput = Matrix.reuse(gradInput, gradOutput.rows(), width());
        DropoutKernels.multiply(gradOutput.data(), multipliers, gradInput.data(), gradOutput.size());
        return gradInput;
    }

    /** @return a copy of the last TRAIN pass's multipliers (row-major), or null before the first */
    public double[] lastMultipliers() {
        return multipliers == null ? null : multipliers.clone();
    }

    @Override
    public LayerProto toProto() {
        return stochasticProtoBuilder(VERSION).build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer, inference only (no generator)
     */
    public static GaussianDropoutLayer fromProto(LayerProto proto) {
        checkProto(proto, GaussianDropoutLayer.class, VERSION);
        return new GaussianDropoutLayer(proto.getName(), Layers.intProperty(proto, "width"),
                doubleProperty(proto, "dropProbability"), null);
    }
}
