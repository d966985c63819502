package org.occam.core.history;

import java.util.Map;

/**
 * What one epoch of training produced.
 * @param epoch 1-based epoch number
 * @param dataLoss the data loss, mean over the epoch's training minibatches (weighted by batch size), in TRAIN mode
 * @param penaltyLosses each penalty's loss term, averaged the same way, keyed by penalty name
 * @param totalLoss data loss plus every penalty loss
 * @param validationLoss data loss on the validation data in INFER mode, NaN without validation data
 * @param trainMetrics task metrics on the training data, in INFER mode (may be empty)
 * @param validationMetrics task metrics on the validation data (empty without validation data)
 * @param layers weight statistics per dense layer
 * @param learningRate the learning rate of the epoch's last step
 * @param wallMillis wall-clock time of the epoch
 */
public record EpochRecord(int epoch, double dataLoss, Map<String, Double> penaltyLosses, double totalLoss,
                          double validationLoss, Map<String, Double> trainMetrics,
                          Map<String, Double> validationMetrics, java.util.List<LayerStats> layers,
                          double learningRate, long wallMillis) {
    /** @return the sum of all penalty loss terms */
    public double penaltyLoss() {
        double s = 0;
        for (double v : penaltyLosses.values()) {
            s += v;
        }
        return s;
    }
}
