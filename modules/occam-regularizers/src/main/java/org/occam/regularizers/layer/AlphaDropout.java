package org.occam.regularizers.layer;

import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Alpha dropout, the dropout of self-normalizing networks (SELU activation, LeCun-normal weights):
 * dropped units are set to SELU's negative saturation α′ = −λα instead of 0, then an affine map
 * restores the mean 0 and variance 1 that a SELU network keeps its activations at.
 * <pre>
 * TRAIN   keep ~ Bernoulli(1 − p), fresh per pass     y = a·(keep ? x : α′) + b
 *         α′ = −λα ≈ −1.7581 (λ, α: {@link org.occam.core.nn.Activation#SELU_SCALE}, {@link org.occam.core.nn.Activation#SELU_ALPHA})
 *         a  = ((1 − p)(1 + p·α′²))^(−1/2)       b = −a·α′·p
 * INFER   y = x                                       (exactly the identity)
 * </pre>
 * For inputs of mean 0 and variance 1, y has mean 0 and variance 1. Defaults: p = 0.1 (the paper
 * recommends 0.05–0.1), after each hidden activation, every hidden layer. Equals Keras'
 * {@code AlphaDropout(rate=p)} and PyTorch's {@code nn.AlphaDropout(p=p)}.
 * <pre>
 * Klambauer, Unterthiner, Mayr &amp; Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017.
 * </pre>
 */
public final class AlphaDropout extends AbstractDropout {
    /** The default drop probability, from the paper's recommended range. */
    public static final double DEFAULT_DROP_PROBABILITY = 0.1;

    /** For OLCUT. */
    private AlphaDropout() {
        super(DEFAULT_DROP_PROBABILITY);
    }

    /**
     * Alpha dropout after every hidden activation.
     * @param dropProbability p ∈ [0, 1)
     */
    public AlphaDropout(double dropProbability) {
        this(dropProbability, LayerSlot.Position.AFTER_ACTIVATION, List.of());
    }

    /**
     * @param dropProbability p ∈ [0, 1)
     * @param position where in each hidden block
     * @param layers the hidden layers to apply it to, or empty for all
     */
    public AlphaDropout(double dropProbability, LayerSlot.Position position, List<String> layers) {
        super(DEFAULT_DROP_PROBABILITY);
        setDropout(dropProbability, position, layers);
        postConfig();
    }

    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        return new AlphaDropoutLayer(name, slot.width(), dropProbability, rng);
    }
}
