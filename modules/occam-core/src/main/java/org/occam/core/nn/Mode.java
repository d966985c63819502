package org.occam.core.nn;

/**
 * Whether a forward pass is part of training or of inference. Stochastic layers (dropout and its
 * family) act only in {@link #TRAIN}; in {@link #INFER} every layer is deterministic and stores
 * nothing, so a trained network can predict from several threads at once.
 */
public enum Mode {
    /** Training: stochastic layers sample, layers cache what backward needs. */
    TRAIN,
    /** Inference: deterministic, no caching. */
    INFER
}
