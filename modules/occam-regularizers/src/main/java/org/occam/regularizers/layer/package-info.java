/**
 * Layer-shaped regularizers (hook 2, {@link org.occam.core.spi.LayerPlugin}): plugins that insert a
 * layer into the hidden blocks of a multilayer perceptron, at the slot they are configured for, or
 * replace its dense layers. A plugin that inserts nothing is a configuration error.
 * <table>
 *   <caption>The plugins, their runtime layers and default slots</caption>
 *   <tr><th>plugin</th><th>runtime layer</th><th>default slot</th></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.Dropout}</td>
 *       <td>{@link org.occam.regularizers.layer.DropoutLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.GaussianDropout}</td>
 *       <td>{@link org.occam.regularizers.layer.GaussianDropoutLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.AlphaDropout}</td>
 *       <td>{@link org.occam.regularizers.layer.AlphaDropoutLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.SpatialDropout}</td>
 *       <td>{@link org.occam.regularizers.layer.SpatialDropoutLayer}</td><td>after the activation (named layers of H·W·C units)</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.VariationalDropout}</td>
 *       <td>{@link org.occam.regularizers.layer.VariationalDropout.NoiseLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.ActivityRegularization}</td>
 *       <td>{@link org.occam.regularizers.layer.ActivityRegularization.ActivityPenaltyLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.BatchNormalization}</td>
 *       <td>{@link org.occam.regularizers.layer.BatchNormalizationLayer}</td><td>before the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.LayerNormalization}</td>
 *       <td>{@link org.occam.regularizers.layer.LayerNormalizationLayer}</td><td>before the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.GroupNormalization}</td>
 *       <td>{@link org.occam.regularizers.layer.GroupNormalizationLayer}</td><td>before the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.StochasticDepth}</td>
 *       <td>{@link org.occam.regularizers.layer.StochasticDepth.DropPathLayer}</td><td>end of each residual branch</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.VariationalDense}</td>
 *       <td>{@link org.occam.regularizers.layer.VariationalDense.Bayesian}</td><td>replaces the hidden dense layers</td></tr>
 * </table>
 * A plugin is an immutable configured object: the layer it creates for a run holds everything that
 * changes (masks, cached activations, running statistics) and draws its randomness only from the
 * generator the network builder splits off the run's seed for it. Every stochastic layer is the
 * exact identity in {@link org.occam.core.nn.Mode#INFER}. Runtime layers extend the core's
 * {@link org.occam.core.nn.SameWidthLayer}; the dropout variants share {@link
 * org.occam.regularizers.layer.AbstractDropout} (plugin) and {@code AbstractDropoutLayer} (layer), so a
 * new variant is a plugin, a layer and a kernel method. The arithmetic is in the static kernels
 * {@link org.occam.regularizers.layer.DropoutKernels} and
 * {@link org.occam.regularizers.layer.NormalizationKernels}, tested without a network.
 */
package org.occam.regularizers.layer;
