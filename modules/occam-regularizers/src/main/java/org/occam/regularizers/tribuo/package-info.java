/**
 * Occam penalties on Tribuo's own SGD trainers: {@link org.occam.regularizers.tribuo.PenalizedOptimiser}
 * wraps any {@link org.tribuo.math.StochasticGradientOptimiser} given to
 * {@code org.tribuo.classification.sgd.linear.LinearSGDTrainer} or
 * {@code org.tribuo.regression.sgd.linear.LinearSGDTrainer}, adds each
 * {@link org.occam.core.spi.Penalty}'s gradient term (scaled to Tribuo's minibatch gradient so the λ
 * convention keeps its meaning) to the weights, leaves the bias column alone unless a penalty asks
 * for biases, and records the penalties in the trainer's and the model's provenance.
 */
package org.occam.regularizers.tribuo;
