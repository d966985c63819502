package org.occam.core.spi;

/**
 * What "λ" means for a weight penalty. Each convention maps λ to the coefficient c of the term
 * added to the minibatch mean data loss, {@code c·Σw²} for L2 and {@code c·Σ|w|} for L1; the L2
 * gradient is {@code 2c·w}, the L1 gradient {@code c·sign(w)}.
 * <pre>
 * DATASET  c = λ / 2n   n = training-set size   (the seed notes: C = C0 + (λ/2n)Σw²;
 *                                                 update w ← (1 − ηλ/n)w − η∂C0/∂w;
 *                                                 = PyTorch / DL4J weight decay λ/n)
 * KERAS    c = λ                                 (Keras regularizers.l2(λ), l1(λ))
 * SKLEARN  c = λ / 2b   b = current batch size   (scikit-learn MLP alpha = λ)
 * PYTORCH  c = λ / 2                             (PyTorch optimizer weight_decay = λ, coupled)
 * </pre>
 */
public enum LambdaConvention {
    /** c = λ/2n, the default. */
    DATASET,
    /** c = λ. */
    KERAS,
    /** c = λ/2b. */
    SKLEARN,
    /** c = λ/2. */
    PYTORCH;

    /**
     * @param lambda λ ≥ 0
     * @param datasetSize n, the number of training examples
     * @param batchSize b, the current minibatch size
     * @return the coefficient c of Σw² (or Σ|w|) added to the minibatch mean loss
     */
    public double coefficient(double lambda, int datasetSize, int batchSize) {
        switch (this) {
            case DATASET:
                return lambda / (2.0 * datasetSize);
            case KERAS:
                return lambda;
            case SKLEARN:
                return lambda / (2.0 * batchSize);
            case PYTORCH:
                return lambda / 2.0;
            default:
                throw new IllegalStateException("unknown convention " + this);
        }
    }
}
