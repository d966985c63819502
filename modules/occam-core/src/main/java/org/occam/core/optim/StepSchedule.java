package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.TrainingClock;

/**
 * Step decay: η_t = η · γ^⌊epoch / stepEpochs⌋ (PyTorch {@code StepLR}).
 */
public final class StepSchedule implements LearningRateSchedule {
    @Config(description = "Number of epochs between decays (≥ 1).")
    private int stepEpochs = 10;

    @Config(description = "Multiplicative factor γ applied every stepEpochs epochs, in (0, 1].")
    private double gamma = 0.1;

    /** For OLCUT. */
    private StepSchedule() {}

    /**
     * @param stepEpochs epochs between decays
     * @param gamma decay factor
     */
    public StepSchedule(int stepEpochs, double gamma) {
        this.stepEpochs = stepEpochs;
        this.gamma = gamma;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (stepEpochs < 1) {
            throw new PropertyException("", "stepEpochs", "expected stepEpochs ≥ 1, found " + stepEpochs);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new PropertyException("", "gamma", "expected gamma in (0, 1], found " + gamma);
        }
    }

    @Override
    public double rate(double baseRate, TrainingClock clock) {
        return baseRate * Math.pow(gamma, clock.epoch() / stepEpochs);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LearningRateSchedule");
    }

    @Override
    public String toString() {
        return "StepSchedule(stepEpochs=" + stepEpochs + ",gamma=" + gamma + ")";
    }
}
