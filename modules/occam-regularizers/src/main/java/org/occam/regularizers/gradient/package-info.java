/**
 * Gradient transforms (hook 5 of the training loop, {@link org.occam.core.spi.GradientTransform}):
 * they change the gradients after backward and before the optimizer step. Three kinds of gradient
 * clipping, one class each:
 * <ul>
 *   <li>{@link org.occam.regularizers.gradient.ClipByValue}: each element into [−c, c] (Keras {@code clipvalue});</li>
 *   <li>{@link org.occam.regularizers.gradient.ClipByNorm}: each tensor to norm ≤ c (Keras {@code clipnorm});</li>
 *   <li>{@link org.occam.regularizers.gradient.ClipByGlobalNorm}: all tensors together to norm ≤ c
 *       (Keras {@code global_clipnorm}, PyTorch {@code clip_grad_norm_}).</li>
 * </ul>
 * They touch every trainable tensor (weights, biases, others), keep no state and draw no random numbers.
 */
package org.occam.regularizers.gradient;
