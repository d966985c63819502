package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.TrainingClock;

/**
 * Exponential decay per epoch: η_t = η · γ^epoch (PyTorch {@code ExponentialLR}).
 */
public final class ExponentialSchedule implements LearningRateSchedule {
    @Config(description = "Multiplicative factor γ applied every epoch, in (0, 1].")
    private double gamma = 0.95;

    /** For OLCUT. */
    private ExponentialSchedule() {}

    /**
     * @param gamma decay factor per epoch
     */
    public ExponentialSchedule(double gamma) {
        this.gamma = gamma;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new PropertyException("", "gamma", "expected gamma in (0, 1], found " + gamma);
        }
    }

    @Override
    public double rate(double baseRate, TrainingClock clock) {
        return baseRate * Math.pow(gamma, clock.epoch());
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LearningRateSchedule");
    }

    @Override
    public String toString() {
        return "ExponentialSchedule(gamma=" + gamma + ")";
    }
}
