package org.occam.core.train;

import org.occam.core.math.Matrix;

import java.util.Map;

/**
 * Task metrics computed at the end of an epoch from INFER-mode predictions (e.g. accuracy).
 */
@FunctionalInterface
public interface EpochEvaluator {
    /**
     * @param predictions the loss head's predictions (probabilities or standardized values), rows × outputs
     * @param targets the targets, same shape
     * @return metric name → value
     */
    Map<String, Double> evaluate(Matrix predictions, Matrix targets);

    /** @return an evaluator that reports nothing */
    static EpochEvaluator none() {
        return (p, t) -> Map.of();
    }
}
