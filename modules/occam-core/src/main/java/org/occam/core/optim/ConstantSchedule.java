package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.TrainingClock;

/**
 * η_t = η: the rate never changes.
 */
public final class ConstantSchedule implements LearningRateSchedule {
    /** Creates the constant schedule. */
    public ConstantSchedule() {}

    @Override
    public double rate(double baseRate, TrainingClock clock) {
        return baseRate;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LearningRateSchedule");
    }

    @Override
    public String toString() {
        return "ConstantSchedule()";
    }
}
