package org.occam.core.train;

import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.LossHook;
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
 * @param hooks the plugin lists (the loop uses all but the layer plugins, which shaped the network)
 */
public record TrainingPlan(int epochs, int batchSize, boolean shuffle, boolean trainMetricsEachEpoch, Optimizer optimizer,
                           Hooks hooks) {
    /** Validates sizes. */
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
        if (hooks == null) {
            hooks = Hooks.none();
        }
    }

    /**
     * A plan without parameter noise or loss hook (the common case in tests).
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
        this(epochs, batchSize, shuffle, trainMetricsEachEpoch, optimizer, new Hooks(batchTransforms, List.of(), List.of(),
                List.of(), penalties, gradientTransforms, constraints, stoppingRules));
    }

    /** @return hook 1 */
    public List<BatchTransform> batchTransforms() {
        return hooks.batchTransforms();
    }

    /** @return hook 2, parameter side */
    public List<WeightPerturbation> weightPerturbations() {
        return hooks.weightPerturbations();
    }

    /** @return hooks 2–4 as one, at most one element */
    public List<LossHook> lossHooks() {
        return hooks.lossHooks();
    }

    /** @return hook 3 */
    public List<Penalty> penalties() {
        return hooks.penalties();
    }

    /** @return hook 5 */
    public List<GradientTransform> gradientTransforms() {
        return hooks.gradientTransforms();
    }

    /** @return hook 7 */
    public List<Constraint> constraints() {
        return hooks.constraints();
    }

    /** @return hook 8 */
    public List<StoppingRule> stoppingRules() {
        return hooks.stoppingRules();
    }
}
