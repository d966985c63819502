package org.occam.core.train;

import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.StoppingRule;
import org.occam.core.spi.WeightPerturbation;

import java.util.List;

/**
 * Everything a training run is configured with besides the network and the data.
 * @param epochs maximum number of epochs (≥ 1)
 * @param batchSize minibatch size (≥ 1); the last batch of an epoch may be smaller
 * @param shuffle reshuffle the training rows every epoch
 * @param trainMetricsEachEpoch evaluate the whole training set in INFER mode at every epoch end
 * @param optimizer the optimizer
 * @param batchTransforms hook 1, in order
 * @param weightPerturbations hook 2, parameter noise (DropConnect, weight noise), in order
 * @param penalties hook 3 (and 6), in order
 * @param gradientTransforms hook 5, in order
 * @param constraints hook 7, in order
 * @param stoppingRules hook 8, in order
 */
public record TrainingPlan(int epochs, int batchSize, boolean shuffle, boolean trainMetricsEachEpoch, Optimizer optimizer,
                           List<BatchTransform> batchTransforms, List<WeightPerturbation> weightPerturbations, List<Penalty> penalties,
                           List<GradientTransform> gradientTransforms, List<Constraint> constraints,
                           List<StoppingRule> stoppingRules) {
    /** Validates sizes and copies the lists. */
    public TrainingPlan {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be ≥ 1, found " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, found " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer is required");
        }
        batchTransforms = List.copyOf(batchTransforms);
        weightPerturbations = List.copyOf(weightPerturbations);
        penalties = List.copyOf(penalties);
        gradientTransforms = List.copyOf(gradientTransforms);
        constraints = List.copyOf(constraints);
        stoppingRules = List.copyOf(stoppingRules);
    }

    /**
     * A plan without parameter noise (the common case).
     * @param epochs maximum epochs
     * @param batchSize minibatch size
     * @param shuffle reshuffle every epoch
     * @param trainMetricsEachEpoch evaluate the training set every epoch
     * @param optimizer the optimizer
     * @param batchTransforms hook 1
     * @param penalties hook 3
     * @param gradientTransforms hook 5
     * @param constraints hook 7
     * @param stoppingRules hook 8
     */
    public TrainingPlan(int epochs, int batchSize, boolean shuffle, boolean trainMetricsEachEpoch, Optimizer optimizer,
                        List<BatchTransform> batchTransforms, List<Penalty> penalties,
                        List<GradientTransform> gradientTransforms, List<Constraint> constraints,
                        List<StoppingRule> stoppingRules) {
        this(epochs, batchSize, shuffle, trainMetricsEachEpoch, optimizer, batchTransforms, List.of(), penalties,
                gradientTransforms, constraints, stoppingRules);
    }
}
