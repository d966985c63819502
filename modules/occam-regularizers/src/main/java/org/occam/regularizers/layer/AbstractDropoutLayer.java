package org.occam.regularizers.layer;

import org.occam.core.nn.SameWidthLayer;
import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Mode;
import org.occam.core.protos.LayerProto;

import java.util.SplittableRandom;

/**
 * What the dropout family's layers share: a drop probability, the generator the network builder
 * split off the run's seed for this layer, and the identity in {@link Mode#INFER}.
 * <p>
 * A layer read back from a serialized model has no generator (a generator's state is not part of
 * a model): it infers as usual, and a TRAIN forward pass fails with an {@link IllegalStateException}
 * rather than inventing a seed.
 */
abstract class AbstractDropoutLayer extends SameWidthLayer implements org.occam.core.nn.StochasticLayer, OnnxLayer {
    private static final long serialVersionUID = 1L;

    private final double dropProbability;
    private final transient SplittableRandom rng;

    /**
     * @param name the layer's name
     * @param width the row width
     * @param dropProbability p ∈ [0, 1)
     * @param rng this layer's generator, or null for an inference-only layer
     */
    AbstractDropoutLayer(String name, int width, double dropProbability, SplittableRandom rng) {
        super(name, width);
        try {
            this.dropProbability = DropoutKernels.checkDropProbability(dropProbability);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + name + ": " + e.getMessage(), e);
        }
        this.rng = rng;
    }

    /** @return the drop probability p */
    public final double dropProbability() {
        return dropProbability;
    }

    /** @return true if this layer can run in TRAIN mode (it has a generator) */
    public final boolean canTrain() {
        return rng != null;
    }

    @Override
    public final Matrix forward(Matrix input, Mode mode) {
        checkInput(input);
        if (mode == Mode.INFER) {
            return input.copy();
        }
        if (rng == null) {
            throw new IllegalStateException("layer " + name() + " was read from a serialized model and has no random "
                    + "generator, so it can only run in INFER mode; train a freshly built network instead");
        }
        return trainForward(input, rng);
    }

    /**
     * Monte-Carlo sampling at prediction time: a TRAIN-style pass with the given generator (it
     * uses this layer's scratch state, so callers sample on their own copy of the network, as
     * {@code AbstractMLPModel.predictiveDistribution} does).
     * @param input batch × width
     * @param sampler the generator for this pass
     * @return batch × width
     */
    @Override
    public final Matrix sample(Matrix input, SplittableRandom sampler) {
        checkInput(input);
        return trainForward(input, sampler).copy();
    }

    /**
     * The TRAIN forward pass: sample this pass's noise from {@code rng}, keep it for backward.
     * @param input batch × width
     * @param rng the layer's generator
     * @return batch × width
     */
    abstract Matrix trainForward(Matrix input, SplittableRandom rng);

    /**
     * @param version the message version
     * @return a message builder with the shared fields and {@code dropProbability}
     */
    final LayerProto.Builder stochasticProtoBuilder(int version) {
        return protoBuilder(version).putProperties("dropProbability", Double.toString(dropProbability));
    }

    @Override
    public String toString() {
        return name() + "(" + getClass().getSimpleName() + " p=" + dropProbability + ", width " + width() + ")";
    }

    /** Writes the identity: this layer does nothing at inference. */
    @Override
    public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
        return input;
    }
}
