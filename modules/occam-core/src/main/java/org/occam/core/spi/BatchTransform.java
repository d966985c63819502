package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;

import java.util.SplittableRandom;

/**
 * Hook 1: changes a training minibatch before the forward pass — input noise, mixup, cutout,
 * augmentation, label smoothing. Never called at inference.
 * <p>
 * Implementations are immutable configured objects; the randomness comes from the run's generator
 * for this plugin, handed in on every call.
 */
public interface BatchTransform extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param batch the minibatch; must not be modified
     * @param clock where training is
     * @param rng this plugin's random generator for the run
     * @return the transformed batch (may be {@code batch} itself when nothing changes)
     */
    Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng);
}
