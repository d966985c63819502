/**
 * Layer-shaped regularizers (hook 2, {@link org.occam.core.spi.LayerPlugin}): plugins that insert a
 * layer into every hidden block of a multilayer perceptron, at the slot they are configured for.
 * <table>
 *   <caption>The plugins, their runtime layers and default slots</caption>
 *   <tr><th>plugin</th><th>runtime layer</th><th>default slot</th></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.Dropout}</td>
 *       <td>{@link org.occam.regularizers.layer.DropoutLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.GaussianDropout}</td>
 *       <td>{@link org.occam.regularizers.layer.GaussianDropoutLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.AlphaDropout}</td>
 *       <td>{@link org.occam.regularizers.layer.AlphaDropoutLayer}</td><td>after the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.BatchNormalization}</td>
 *       <td>{@link org.occam.regularizers.layer.BatchNormalizationLayer}</td><td>before the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.LayerNormalization}</td>
 *       <td>{@link org.occam.regularizers.layer.LayerNormalizationLayer}</td><td>before the activation</td></tr>
 *   <tr><td>{@link org.occam.regularizers.layer.GroupNormalization}</td>
 *       <td>{@link org.occam.regularizers.layer.GroupNormalizationLayer}</td><td>before the activation</td></tr>
 * </table>
 * A plugin is an immutable configured object: the layer it creates for a run holds everything that
 * changes (masks, cached activations, running statistics) and draws its randomness only from the
 * generator the network builder splits off the run's seed for it. Every stochastic layer is the
 * exact identity in {@link org.occam.core.nn.Mode#INFER}. The arithmetic is in the static kernels
 * {@link org.occam.regularizers.layer.DropoutKernels} and
 * {@link org.occam.regularizers.layer.NormalizationKernels}, tested without a network.
 */
package org.occam.regularizers.layer;
