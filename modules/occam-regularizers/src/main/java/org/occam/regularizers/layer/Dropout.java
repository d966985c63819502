package org.occam.regularizers.layer;

import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Dropout (inverted): in training every unit is zeroed with probability p, the <em>drop</em>
 * probability, and the survivors are scaled by 1/(1 − p), so that inference needs no rescaling.
 * <pre>
 * TRAIN   keep ~ Bernoulli(1 − p), a fresh mask per pass     y = keep ? x / (1 − p) : 0
 * INFER   y = x                                              (exactly the identity)
 * </pre>
 * Defaults: p = 0.5, after each hidden activation, every hidden layer. p is what Keras calls
 * {@code Dropout(rate=p)} and PyTorch {@code nn.Dropout(p=p)}: both drop with probability p and
 * scale by 1/(1 − p) at training time. (DL4J's {@code Dropout(p)} is the <em>retain</em> probability.)
 * The mask comes from the generator the network builder splits off the trainer's seed for the
 * layer ({@link DropoutLayer} holds it), so the same seed gives the same masks.
 * <pre>
 * Srivastava, Hinton, Krizhevsky, Sutskever &amp; Salakhutdinov, "Dropout: A Simple Way to Prevent
 * Neural Networks from Overfitting", JMLR 15, 2014.
 * </pre>
 */
public final class Dropout extends AbstractDropout {
    /** The default drop probability. */
    public static final double DEFAULT_DROP_PROBABILITY = 0.5;

    /** For OLCUT. */
    private Dropout() {
        super(DEFAULT_DROP_PROBABILITY);
    }

    /**
     * Dropout after every hidden activation.
     * @param dropProbability p ∈ [0, 1)
     */
    public Dropout(double dropProbability) {
        this(dropProbability, LayerSlot.Position.AFTER_ACTIVATION, List.of());
    }

    /**
     * @param dropProbability p ∈ [0, 1)
     * @param position where in each hidden block
     * @param layers the hidden layers to apply it to, or empty for all
     */
    public Dropout(double dropProbability, LayerSlot.Position position, List<String> layers) {
        super(DEFAULT_DROP_PROBABILITY);
        setDropout(dropProbability, position, layers);
        postConfig();
    }

    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        return new DropoutLayer(name, slot.width(), dropProbability, rng);
    }
}
