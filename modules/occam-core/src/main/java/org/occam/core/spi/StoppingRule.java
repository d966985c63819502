package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.history.EpochRecord;
import org.occam.core.nn.Network;

import java.util.Optional;

/**
 * Hook 8: decides at the end of each epoch whether to stop (early stopping). The configured rule
 * is immutable; {@link #start} creates the per-run monitor that holds patience counters and the
 * best weights.
 */
public interface StoppingRule extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @return the per-run monitor
     */
    StoppingMonitor start();

    /**
     * The fraction of the training rows this rule needs held out as validation data when the
     * trainer is given none (0 = none needed). The trainer holds out the largest fraction any rule
     * asks for, drawn with a split of the run's generator.
     * @return a fraction in [0, 1)
     */
    default double validationFraction() {
        return 0.0;
    }

    /** The per-run part of a stopping rule. */
    interface StoppingMonitor {
        /**
         * @param record the epoch just finished
         * @param network the network after that epoch
         * @return a reason to stop now, or empty to go on
         */
        Optional<String> afterEpoch(EpochRecord record, Network network);

        /**
         * Called once when training ends, however it ended (e.g. to restore the best weights).
         * @param network the network
         * @return a note for the stop reason, or empty
         */
        default Optional<String> onTrainingEnd(Network network) {
            return Optional.empty();
        }
    }
}
