package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.spi.TrainingClock;

/**
 * A learning-rate schedule: the rate at a step, given the optimizer's base rate. Immutable;
 * depends only on the {@link TrainingClock}.
 */
public interface LearningRateSchedule extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param baseRate the optimizer's configured learning rate
     * @param clock where training is
     * @return the learning rate for this step
     */
    double rate(double baseRate, TrainingClock clock);
}
