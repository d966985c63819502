/**
 * Batch transforms (hook 1 of the training loop, {@link org.occam.core.spi.BatchTransform}): data-level
 * regularizers that change a training minibatch before the forward pass and never run at
 * inference.
 * <ul>
 *   <li>any rows: {@link org.occam.regularizers.batch.InputNoise} (additive Gaussian),
 *       {@link org.occam.regularizers.batch.FeatureJitter} (multiplicative, tabular),
 *       {@link org.occam.regularizers.batch.Mixup}, {@link org.occam.regularizers.batch.LabelSmoothing};</li>
 *   <li>image-shaped rows (declared with {@code height}, {@code width}, {@code channels}, layout
 *       row-major height × width × channels, see {@link org.occam.regularizers.batch.ImageShape}):
 *       {@link org.occam.regularizers.batch.RandomShiftFlip}, {@link org.occam.regularizers.batch.Cutout},
 *       {@link org.occam.regularizers.batch.RandomErasing}, {@link org.occam.regularizers.batch.CutMix}.</li>
 * </ul>
 * Every transform leaves the batch it is given untouched and returns a new batch with new matrices;
 * its only randomness is the {@link java.util.SplittableRandom} the run hands in, so the same seed
 * gives the same minibatches. Each class has its maths as public static kernels
 * ({@link org.occam.regularizers.batch.Mixup#mix}, {@link org.occam.regularizers.batch.CutMix#paste}, ...)
 * and the random draws in {@link org.occam.regularizers.batch.RandomVariates}. Transforms run in list
 * order, so e.g. Mixup then LabelSmoothing smooths the mixed targets.
 */
package org.occam.regularizers.batch;
