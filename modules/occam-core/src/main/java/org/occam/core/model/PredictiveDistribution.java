package org.occam.core.model;

import org.occam.core.math.Matrix;

/**
 * A Monte-Carlo predictive distribution: per example and output, the mean and the variance over
 * the samples.
 * @param mean examples × outputs
 * @param variance examples × outputs (population variance over the samples)
 * @param samples the number of samples T
 */
public record PredictiveDistribution(Matrix mean, Matrix variance, int samples) {}
