package org.occam.core.nn;

import org.occam.core.math.Matrix;

import java.util.SplittableRandom;

/**
 * A layer with training-time randomness (dropout family, Bayesian layers, stochastic depth) that
 * can also <em>sample</em> at prediction time, for Monte-Carlo predictive distributions: a network
 * with such a layer {@link Network#isStochastic() is stochastic}. Sampling is only ever done on
 * explicit request ({@link Network#sample}); ordinary inference stays deterministic.
 */
public interface StochasticLayer extends Layer {
    /**
     * A forward pass that draws the layer's noise from {@code rng}, as in training. It may use the
     * layer's scratch buffers, so callers sample on a network of their own (a copy), never on one
     * that is training or predicting elsewhere.
     * @param input batch × inputWidth
     * @param rng the generator for this pass
     * @return batch × outputWidth
     */
    @Override
    Matrix sample(Matrix input, SplittableRandom rng);
}
