package org.occam.regularizers.weight;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.TrainingClock;

import java.util.List;
import java.util.SplittableRandom;

/**
 * DropConnect: drops individual <em>weights</em>, not activations. At each training step every
 * selected weight is kept with probability 1 − p and rescaled:
 * <pre>
 * W̃ = m ⊙ W / (1 − p),   m_ij ~ Bernoulli(1 − p),   ∂L/∂W = m ⊙ ∂L/∂W̃ / (1 − p)
 * </pre>
 * A fresh mask per step, shared by the examples of the minibatch (as DL4J's {@code DropConnect});
 * never applied at inference, where the weights are used as they are (the inverted scaling keeps
 * their expectation). Biases are excluded unless {@code includeBiases}. {@code dropProbability} is
 * the probability of <em>dropping</em> a weight, as Keras/PyTorch dropout rates are.
 * <pre>
 * Wan, Zeiler, Zhang, LeCun &amp; Fergus, "Regularization of Neural Networks using DropConnect", ICML 2013.
 * </pre>
 */
public final class DropConnect extends AbstractScopedPerturbation {
    @Config(description = "Probability p ∈ [0, 1) of dropping each weight at a training step.")
    private double dropProbability = 0.5;

    /** For OLCUT. */
    private DropConnect() {}

    /**
     * On hidden-layer weights.
     * @param dropProbability p
     */
    public DropConnect(double dropProbability) {
        this(dropProbability, false, false, List.of());
    }

    /**
     * @param dropProbability p
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layers exactly these layers, if not empty
     */
    public DropConnect(double dropProbability, boolean includeOutputLayer, boolean includeBiases, List<String> layers) {
        this.dropProbability = dropProbability;
        this.includeOutputLayer = includeOutputLayer;
        this.includeBiases = includeBiases;
        this.layers = new java.util.ArrayList<>(layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new PropertyException("", "dropProbability", "expected dropProbability in [0, 1), found " + dropProbability);
        }
    }

    /**
     * Draws a DropConnect mask: 1/(1−p) for kept entries, 0 for dropped ones.
     * @param n number of entries
     * @param p drop probability
     * @param rng the generator
     * @return the scaled mask
     */
    public static double[] mask(int n, double p, SplittableRandom rng) {
        double[] m = new double[n];
        double keep = 1.0 / (1.0 - p);
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextDouble() < p ? 0.0 : keep;
        }
        return m;
    }

    @Override
    public Perturbed perturb(Parameter p, TrainingClock clock, SplittableRandom rng) {
        double[] w = p.value().data();
        double[] m = mask(w.length, dropProbability, rng);
        for (int i = 0; i < w.length; i++) {
            w[i] *= m[i];
        }
        return g -> {
            for (int i = 0; i < g.length; i++) {
                g[i] *= m[i];
            }
        };
    }

    @Override
    public String toString() {
        return "DropConnect(dropProbability=" + dropProbability + "," + scopeString() + ")";
    }
}
