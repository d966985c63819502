package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;

/**
 * RMSProp (Tieleman &amp; Hinton 2012):
 * <pre>
 * s ← ρ·s + (1 − ρ)·g²
 * w ← w − η·g / (√s + ε)
 * </pre>
 * Defaults as Keras: η = 0.001, ρ = 0.9, ε = 1e-7 (PyTorch names ρ "alpha", default 0.99).
 */
public final class RmsProp extends AbstractOptimizer {
    @Config(description = "Decay rate ρ of the squared-gradient average, in [0, 1).")
    private double rho = 0.9;

    @Config(description = "ε added to √s (> 0).")
    private double epsilon = 1e-7;

    /** For OLCUT. */
    private RmsProp() {
        this.learningRate = 0.001;
    }

    /**
     * @param learningRate η
     * @param rho ρ
     * @param epsilon ε
     */
    public RmsProp(double learningRate, double rho, double epsilon) {
        this.learningRate = learningRate;
        this.rho = rho;
        this.epsilon = epsilon;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(rho >= 0 && rho < 1)) {
            throw new PropertyException("", "rho", "expected rho in [0, 1), found " + rho);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new PropertyException("", "epsilon", "expected a finite epsilon > 0, found " + epsilon);
        }
    }

    @Override
    protected int stateArrays() {
        return 1;
    }

    @Override
    protected void update(double[] w, double[] g, double[][] state, double eta, long t, int from, int to) {
        double[] s = state[0];
        for (int i = from; i < to; i++) {
            s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
            w[i] -= eta * g[i] / (Math.sqrt(s[i]) + epsilon);
        }
    }

    @Override
    public String toString() {
        return "RmsProp(learningRate=" + learningRate + ",rho=" + rho + ",epsilon=" + epsilon + ",schedule=" + schedule + ")";
    }
}
