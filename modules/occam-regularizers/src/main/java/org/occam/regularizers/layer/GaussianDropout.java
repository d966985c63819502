package org.occam.regularizers.layer;

import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Gaussian dropout: in training every unit is multiplied by Gaussian noise of mean 1 and variance
 * p/(1 − p), the variance of inverted {@link Dropout}'s multiplier with drop probability p.
 * <pre>
 * TRAIN   m ~ N(1, p / (1 − p)), fresh per pass     y = m·x
 * INFER   y = x                                     (exactly the identity)
 * </pre>
 * Defaults: p = 0.5 (σ = 1), after each hidden activation, every hidden layer. Equals Keras'
 * {@code GaussianDropout(rate=p)}; PyTorch has no built-in layer. p = 0 gives m = 1, the identity.
 * <pre>
 * Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
 * JMLR 15, 2014, section 10 (multiplicative Gaussian noise).
 * </pre>
 */
public final class GaussianDropout extends AbstractDropout {
    /** For OLCUT. */
    private GaussianDropout() {
        super(Dropout.DEFAULT_DROP_PROBABILITY);
    }

    /**
     * Gaussian dropout after every hidden activation.
     * @param dropProbability p ∈ [0, 1)
     */
    public GaussianDropout(double dropProbability) {
        this(dropProbability, LayerSlot.Position.AFTER_ACTIVATION, List.of());
    }

    /**
     * @param dropProbability p ∈ [0, 1)
     * @param position where in each hidden block
     * @param layers the hidden layers to apply it to, or empty for all
     */
    public GaussianDropout(double dropProbability, LayerSlot.Position position, List<String> layers) {
        super(Dropout.DEFAULT_DROP_PROBABILITY);
        setDropout(dropProbability, position, layers);
        postConfig();
    }

    /** @return the noise's standard deviation √(p / (1 − p)) */
    public double stddev() {
        return DropoutKernels.gaussianStddev(dropProbability);
    }

    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        return new GaussianDropoutLayer(name, slot.width(), dropProbability, rng);
    }
}
