package org.occam.core.spi;

/**
 * What a penalty needs to turn λ into a coefficient at one step.
 * @param datasetSize n, the number of training examples
 * @param batchSize b, the current minibatch size
 * @param clock where training is
 */
public record PenaltyContext(int datasetSize, int batchSize, TrainingClock clock) {}
