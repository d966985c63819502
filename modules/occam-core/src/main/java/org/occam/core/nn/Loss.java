package org.occam.core.nn;

import org.occam.core.math.Matrix;

/**
 * A data loss on a minibatch: the mean over rows of a per-example loss ℓ(output, target).
 * Losses are ≥ 0 and gradients are true gradients ∂(mean loss)/∂output (so they already carry
 * the 1/b of the batch mean).
 */
public interface Loss {
    /**
     * @param output network outputs, batch × width, not modified
     * @param target targets, batch × width, not modified
     * @param gradient written with ∂(mean loss)/∂output when not null
     * @return the mean loss over the batch rows
     */
    double lossAndGradient(Matrix output, Matrix target, Matrix gradient);

    /**
     * Turns raw network outputs into predictions in place (softmax probabilities for a
     * classification head; identity for regression).
     * @param output batch × width, overwritten
     */
    default void toPredictionsInPlace(Matrix output) {}

    /**
     * Checks that output and target have the same shape.
     * @param output outputs
     * @param target targets
     * @param gradient gradient buffer or null
     */
    static void checkShapes(Matrix output, Matrix target, Matrix gradient) {
        output.requireSameShape(target);
        if (gradient != null) {
            output.requireSameShape(gradient);
        }
    }
}
