package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer 2011):
 * <pre>
 * G ← G + g²          (G starts at initialAccumulatorValue)
 * w ← w − η·g / (√G + ε)
 * </pre>
 * Defaults as PyTorch: η = 0.01, initial accumulator 0, ε = 1e-10 (Keras starts G at 0.1).
 */
public final class AdaGrad extends AbstractOptimizer {
    @Config(description = "Initial value of the squared-gradient accumulator (≥ 0).")
    private double initialAccumulatorValue = 0.0;

    @Config(description = "ε added to √G (> 0).")
    private double epsilon = 1e-10;

    /** For OLCUT. */
    private AdaGrad() {}

    /**
     * @param learningRate η
     * @param initialAccumulatorValue initial G
     * @param epsilon ε
     */
    public AdaGrad(double learningRate, double initialAccumulatorValue, double epsilon) {
        this.learningRate = learningRate;
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.epsilon = epsilon;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(initialAccumulatorValue >= 0 && Double.isFinite(initialAccumulatorValue))) {
            throw new PropertyException("", "initialAccumulatorValue", "expected a finite initialAccumulatorValue ≥ 0, found " + initialAccumulatorValue);
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
    protected double initialState() {
        return initialAccumulatorValue;
    }

    @Override
    protected void update(double[] w, double[] g, double[][] state, double eta, long t, int from, int to) {
        double[] acc = state[0];
        for (int i = from; i < to; i++) {
            acc[i] += g[i] * g[i];
            w[i] -= eta * g[i] / (Math.sqrt(acc[i]) + epsilon);
        }
    }

    @Override
    public String toString() {
        return "AdaGrad(learningRate=" + learningRate + ",initialAccumulatorValue=" + initialAccumulatorValue
                + ",epsilon=" + epsilon + ",schedule=" + schedule + ")";
    }
}
