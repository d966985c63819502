/**
 * Noise on the weights during training (hook 2, parameter side):
 * {@link org.occam.regularizers.weight.DropConnect} and {@link org.occam.regularizers.weight.WeightNoise}.
 */
package org.occam.regularizers.weight;
