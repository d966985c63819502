package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1), with t the 1-based step:
 * <pre>
 * m ← β₁m + (1 − β₁)g          v ← β₂v + (1 − β₂)g²
 * m̂ = m / (1 − β₁ᵗ)            v̂ = v / (1 − β₂ᵗ)
 * w ← w − η·m̂ / (√v̂ + ε)
 * </pre>
 * The update <em>divides</em> by √v̂ + ε (Tribuo 4.3.2's {@code Adam} multiplies by it). Defaults
 * are the paper's and Keras'/PyTorch's: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 * <p>
 * A coupled L2 penalty goes through the adaptive denominator; for decoupled decay use {@link AdamW}.
 */
public class Adam extends AbstractOptimizer {
    @Config(description = "Exponential decay rate β₁ of the first moment, in [0, 1).")
    protected double beta1 = 0.9;

    @Config(description = "Exponential decay rate β₂ of the second moment, in [0, 1).")
    protected double beta2 = 0.999;

    @Config(description = "ε added to √v̂ for numerical stability (> 0).")
    protected double epsilon = 1e-8;

    /** For OLCUT. */
    protected Adam() {
        this.learningRate = 0.001;
    }

    /**
     * Adam with the paper's β₁, β₂ and ε.
     * @param learningRate η
     */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    /**
     * @param learningRate η
     * @param beta1 β₁
     * @param beta2 β₂
     * @param epsilon ε
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new PropertyException("", "beta1", "expected beta1 in [0, 1), found " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new PropertyException("", "beta2", "expected beta2 in [0, 1), found " + beta2);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new PropertyException("", "epsilon", "expected a finite epsilon > 0, found " + epsilon);
        }
    }

    @Override
    protected int stateArrays() {
        return 2;
    }

    @Override
    protected void update(double[] w, double[] g, double[][] state, double eta, long t, int from, int to) {
        double[] m = state[0];
        double[] v = state[1];
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        for (int i = from; i < to; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double mHat = m[i] / c1;
            double vHat = v[i] / c2;
            w[i] -= eta * mHat / (Math.sqrt(vHat) + epsilon) + decayTerm(eta, w[i]);
        }
    }

    /**
     * The decoupled decay subtracted from a weight in the same step; none for Adam.
     * @param eta the learning rate
     * @param w the weight before the step
     * @return the amount to subtract
     */
    protected double decayTerm(double eta, double w) {
        return 0.0;
    }

    @Override
    public String toString() {
        return "Adam(learningRate=" + learningRate + ",beta1=" + beta1 + ",beta2=" + beta2 + ",epsilon=" + epsilon + ",schedule=" + schedule + ")";
    }
}
