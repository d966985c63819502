package org.occam.core.spi;

/**
 * Where a training run is: handed to every plugin that may depend on time (schedules, ramps).
 * @param epoch 0-based epoch
 * @param iteration 0-based global step (minibatch) count
 * @param batchInEpoch 0-based minibatch index inside the epoch
 * @param batchesPerEpoch minibatches per epoch
 * @param totalEpochs configured number of epochs
 */
public record TrainingClock(int epoch, long iteration, int batchInEpoch, int batchesPerEpoch, int totalEpochs) {
    /** @return the total number of steps if every epoch runs */
    public long totalIterations() {
        return (long) batchesPerEpoch * totalEpochs;
    }
}
