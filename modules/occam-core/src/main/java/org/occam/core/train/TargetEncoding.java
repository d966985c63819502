package org.occam.core.train;

import org.occam.core.math.Matrix;

/**
 * The training targets as a matrix, plus the per-column affine map applied to them (regression
 * target standardization: {@code encoded = (raw − mean) / scale}; both null when targets are used
 * as they are).
 * @param targets examples × outputs
 * @param mean per-output mean subtracted, or null
 * @param scale per-output scale divided by, or null
 */
public record TargetEncoding(Matrix targets, double[] mean, double[] scale) {}
