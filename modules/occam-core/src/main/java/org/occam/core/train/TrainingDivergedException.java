package org.occam.core.train;

/**
 * Thrown when the training loss or the parameters stop being finite, or the loss blows up while
 * still finite ({@link TrainingLoop#BLOW_UP_FACTOR} times its first value). The message says where
 * (epoch and step) and what to try, so a diverging run never ends as a silent NaN or 1e200 model.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    /**
     * @param message the explanation
     * @param epoch 1-based epoch
     * @param step 1-based step within the epoch
     */
    public TrainingDivergedException(String message, int epoch, int step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /** @return the 1-based epoch where the divergence was detected */
    public int epoch() {
        return epoch;
    }

    /** @return the 1-based step within that epoch */
    public int step() {
        return step;
    }
}
