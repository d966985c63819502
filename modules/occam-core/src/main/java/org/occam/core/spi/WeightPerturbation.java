package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

import java.util.SplittableRandom;

/**
 * Hook 2 (parameter side): noise on the <em>weights</em> for one training step — DropConnect,
 * additive or multiplicative weight noise. Before the forward pass the loop replaces each selected
 * tensor's values W by W̃ = {@link #perturb}; after backward it restores W and maps the gradient
 * ∂L/∂W̃ to ∂L/∂W with {@link Perturbed#mapGradient}. Never applied at inference. Penalties always
 * see the unperturbed weights.
 * <p>
 * Activation-side noise (dropout) is a {@link LayerPlugin} instead: the two touch different things.
 */
public interface WeightPerturbation extends ScopedHook, Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * Perturbs one tensor in place for one step.
     * @param p a selected tensor (its values are overwritten with W̃)
     * @param clock where training is
     * @param rng this plugin's generator for the run
     * @return how to map the gradient back
     */
    Perturbed perturb(Parameter p, TrainingClock clock, SplittableRandom rng);

    /** The per-step state of one perturbed tensor. */
    interface Perturbed {
        /**
         * Turns ∂L/∂W̃ into ∂L/∂W in place (W̃ = W + ε: identity; W̃ = m⊙W: multiply by m).
         * @param gradient the gradient, overwritten
         */
        void mapGradient(double[] gradient);
    }
}
