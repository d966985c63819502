package org.occam.core.spi;

import org.occam.core.math.Matrix;

/**
 * A minibatch: inputs (batch × features) and targets (batch × outputs; probability vectors for
 * classification, standardized values for regression).
 * @param inputs the feature rows
 * @param targets the target rows
 */
public record Batch(Matrix inputs, Matrix targets) {
    /**
     * @param inputs the feature rows
     * @param targets the target rows, same row count
     */
    public Batch {
        if (inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException("inputs have " + inputs.rows() + " rows, targets " + targets.rows());
        }
    }

    /** @return the number of examples */
    public int size() {
        return inputs.rows();
    }
}
