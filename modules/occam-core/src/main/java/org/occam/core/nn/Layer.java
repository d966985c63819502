package org.occam.core.nn;

import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;

import java.util.List;

/**
 * One step of a sequential network, working on whole minibatches (one example per row).
 * <p>
 * A layer instance belongs to one training run or one trained model. In {@link Mode#TRAIN} it may
 * sample noise and cache what {@link #backward} needs; in {@link Mode#INFER} it is deterministic and
 * stores nothing, so inference is thread-safe.
 * <p>
 * Serialization: {@link #toProto()} writes the class name, settings and tensors; the class must
 * have a {@code public static <Self> fromProto(LayerProto)} method, which {@link Layers#fromProto}
 * calls after checking that the named class implements this interface.
 */
public interface Layer {
    /** @return the layer's name, unique in its network */
    String name();

    /** @return the width of the input rows */
    int inputWidth();

    /** @return the width of the output rows */
    int outputWidth();

    /**
     * Computes the layer's output for a minibatch. The returned matrix may be a buffer the layer
     * reuses on the next TRAIN call; callers must not keep it across calls.
     * @param input batch × inputWidth, not modified
     * @param mode training or inference
     * @return batch × outputWidth
     */
    Matrix forward(Matrix input, Mode mode);

    /**
     * Back-propagates through the last TRAIN forward pass: <em>adds</em> this layer's parameter
     * gradients to {@link Parameter#gradient()} (the training loop zeroes them at the start of each
     * step and the penalties add their terms before backward runs) and returns ∂L/∂input.
     * @param gradOutput ∂L/∂output, batch × outputWidth, not modified
     * @param needInputGradient false for the first layer, whose input gradient nobody reads
     * @return ∂L/∂input (batch × inputWidth), or null when not needed
     */
    Matrix backward(Matrix gradOutput, boolean needInputGradient);

    /**
     * A Monte-Carlo forward pass: a layer with training-time noise draws it from {@code rng} (see
     * {@link StochasticLayer}); every other layer runs in INFER mode (the default). Nothing is cached.
     * @param input batch × inputWidth
     * @param rng the generator for this pass
     * @return batch × outputWidth
     */
    default Matrix sample(Matrix input, java.util.SplittableRandom rng) {
        return forward(input, Mode.INFER);
    }

    /**
     * The layers this one is made of (a residual block's branch); the network walks them for
     * statistics, snapshots and Monte-Carlo sampling, so no container is a special case.
     * @return the child layers, in order (empty for a plain layer, the default)
     */
    default List<Layer> children() {
        return List.of();
    }

    /** @return the trainable tensors, in a fixed order (empty for parameter-free layers) */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Non-trainable tensors the layer updates while training (batch normalization's running
     * statistics). {@link Network#snapshot()} and {@link Network#restore} include them, so early
     * stopping's "restore the best weights" restores them too.
     * @return the state tensors, in a fixed order (empty by default)
     */
    default List<Matrix> state() {
        return List.of();
    }

    /**
     * Whether this layer adds a loss term of its own in training (activity regularization, the KL
     * term of a variational layer). Such terms are reported apart in the history, named after the
     * layer, and added to the total loss.
     * @return true if {@link #auxiliaryLoss} can be non-zero
     */
    default boolean hasAuxiliaryLoss() {
        return false;
    }

    /**
     * The layer's own loss term for the last TRAIN forward pass, on the scale of the minibatch mean
     * data loss. Its gradient reaches the parameters through {@link #backward} or
     * {@link #addAuxiliaryGradient}.
     * @param datasetSize n, the number of training examples
     * @param batchSize b, the current minibatch size
     * @return the loss term (≥ 0)
     */
    default double auxiliaryLoss(int datasetSize, int batchSize) {
        return 0.0;
    }

    /**
     * Adds the gradient of {@link #auxiliaryLoss} with respect to this layer's parameters, when it
     * does not flow through {@link #backward} (called after backward, once per step).
     * @param datasetSize n
     * @param batchSize b
     */
    default void addAuxiliaryGradient(int datasetSize, int batchSize) {}

    /** @return the layer as a protobuf message */
    LayerProto toProto();
}
