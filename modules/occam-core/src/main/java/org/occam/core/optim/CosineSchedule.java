package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.TrainingClock;

/**
 * Cosine annealing over the whole run (Loshchilov &amp; Hutter 2017, without restarts):
 * η_t = η_min + ½(η − η_min)(1 + cos(π·t/T)), t the global step, T the total number of steps.
 */
public final class CosineSchedule implements LearningRateSchedule {
    @Config(description = "Final learning rate η_min, ≥ 0.")
    private double minRate = 0.0;

    /** For OLCUT. */
    private CosineSchedule() {}

    /**
     * @param minRate the final rate
     */
    public CosineSchedule(double minRate) {
        this.minRate = minRate;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(minRate >= 0 && Double.isFinite(minRate))) {
            throw new PropertyException("", "minRate", "expected a finite minRate ≥ 0, found " + minRate);
        }
    }

    @Override
    public double rate(double baseRate, TrainingClock clock) {
        double t = Math.min(clock.iteration(), clock.totalIterations());
        double total = Math.max(1, clock.totalIterations());
        return minRate + 0.5 * (baseRate - minRate) * (1 + Math.cos(Math.PI * t / total));
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LearningRateSchedule");
    }

    @Override
    public String toString() {
        return "CosineSchedule(minRate=" + minRate + ")";
    }
}
