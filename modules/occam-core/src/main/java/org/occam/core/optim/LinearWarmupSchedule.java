package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.TrainingClock;

/**
 * Linear warm-up: η_t = η·(t+1)/W for the first W steps, then the wrapped schedule's rate
 * (Goyal et al. 2017). The wrapped schedule sees the unshifted clock.
 */
public final class LinearWarmupSchedule implements LearningRateSchedule {
    @Config(description = "Number of warm-up steps W (≥ 1).")
    private int warmupSteps = 100;

    @Config(description = "Schedule used after the warm-up.")
    private LearningRateSchedule after = new ConstantSchedule();

    /** For OLCUT. */
    private LinearWarmupSchedule() {}

    /**
     * @param warmupSteps W
     * @param after the schedule after warm-up
     */
    public LinearWarmupSchedule(int warmupSteps, LearningRateSchedule after) {
        this.warmupSteps = warmupSteps;
        this.after = after;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (warmupSteps < 1) {
            throw new PropertyException("", "warmupSteps", "expected warmupSteps ≥ 1, found " + warmupSteps);
        }
        if (after == null) {
            throw new PropertyException("", "after", "expected a schedule, found null");
        }
    }

    @Override
    public double rate(double baseRate, TrainingClock clock) {
        if (clock.iteration() < warmupSteps) {
            return baseRate * (clock.iteration() + 1) / warmupSteps;
        }
        return after.rate(baseRate, clock);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LearningRateSchedule");
    }

    @Override
    public String toString() {
        return "LinearWarmupSchedule(warmupSteps=" + warmupSteps + ",after=" + after + ")";
    }
}
