package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): Adam with weight decay decoupled from the gradient,
 * <pre>
 * w ← w − η·( m̂ / (√v̂ + ε) + λ_wd·w )
 * </pre>
 * The decay never passes through the adaptive denominator. Same parameterization as PyTorch's
 * {@code AdamW(lr=η, weight_decay=λ_wd)} (default λ_wd = 0.01). This optimizer decays every
 * tensor it updates, biases included, as PyTorch does by default; for decay restricted to a scope
 * use the {@code DecoupledWeightDecay} penalty with plain {@link Adam}.
 */
public final class AdamW extends Adam {
    @Config(description = "Decoupled weight decay λ_wd (≥ 0), multiplied by the learning rate.")
    private double weightDecay = 0.01;

    /** For OLCUT. */
    private AdamW() {
        super();
    }

    /**
     * @param learningRate η
     * @param weightDecay λ_wd
     */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }

    /**
     * @param learningRate η
     * @param beta1 β₁
     * @param beta2 β₂
     * @param epsilon ε
     * @param weightDecay λ_wd
     */
    public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new PropertyException("", "weightDecay", "expected a finite weightDecay ≥ 0, found " + weightDecay);
        }
    }

    @Override
    protected double decayTerm(double eta, double w) {
        return eta * weightDecay * w;
    }

    @Override
    public String toString() {
        return "AdamW(learningRate=" + learningRate + ",beta1=" + beta1 + ",beta2=" + beta2 + ",epsilon=" + epsilon
                + ",weightDecay=" + weightDecay + ",schedule=" + schedule + ")";
    }
}
