package org.occam.core.spi;

/**
 * A hook that touches parameters ({@link Penalty}, {@link WeightPerturbation}, {@link GradientTransform},
 * {@link Constraint}): it names its tensors with a {@link ParameterScope}, which the training loop
 * resolves once per run against the network and then hands the hook only the selected tensors.
 */
public interface ScopedHook {
    /** @return the tensors this hook works on */
    ParameterScope scope();
}
