package org.occam.regularizers.weight;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.TrainingClock;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Gaussian noise on the weights during training only (a fresh draw per step, as DL4J's
 * {@code WeightNoise}):
 * <pre>
 * ADDITIVE        W̃ = W + ε,          ε ~ N(0, σ²)   ∂L/∂W = ∂L/∂W̃
 * MULTIPLICATIVE  W̃ = W ⊙ (1 + ε),    ε ~ N(0, σ²)   ∂L/∂W = (1 + ε) ⊙ ∂L/∂W̃
 * </pre>
 * Inference uses the noise-free weights.
 * <pre>
 * Graves, "Practical Variational Inference for Neural Networks", NIPS 2011;
 * An, "The Effects of Adding Noise During Backpropagation Training", Neural Computation 1996.
 * </pre>
 */
public final class WeightNoise extends AbstractScopedPerturbation {
    /** How the noise enters. */
    public enum Kind {
        /** W + ε. */
        ADDITIVE,
        /** W ⊙ (1 + ε). */
        MULTIPLICATIVE
    }

    @Config(description = "Standard deviation σ ≥ 0 of the Gaussian noise.")
    private double standardDeviation = 0.01;

    @Config(description = "ADDITIVE (W + ε) or MULTIPLICATIVE (W ⊙ (1 + ε)).")
    private Kind kind = Kind.ADDITIVE;

    /** For OLCUT. */
    private WeightNoise() {}

    /**
     * On hidden-layer weights.
     * @param standardDeviation σ
     * @param kind additive or multiplicative
     */
    public WeightNoise(double standardDeviation, Kind kind) {
        this.standardDeviation = standardDeviation;
        this.kind = kind;
        this.layers = new java.util.ArrayList<>(List.of());
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation)) {
            throw new PropertyException("", "standardDeviation", "expected a finite standardDeviation ≥ 0, found " + standardDeviation);
        }
        if (kind == null) {
            throw new PropertyException("", "kind", "expected ADDITIVE or MULTIPLICATIVE, found null");
        }
    }

    @Override
    public Perturbed perturb(Parameter p, TrainingClock clock, SplittableRandom rng) {
        double[] w = p.value().data();
        if (kind == Kind.ADDITIVE) {
            for (int i = 0; i < w.length; i++) {
                w[i] += standardDeviation * rng.nextGaussian();
            }
            return g -> { };
        }
        double[] f = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = 1.0 + standardDeviation * rng.nextGaussian();
            w[i] *= f[i];
        }
        return g -> {
            for (int i = 0; i < g.length; i++) {
                g[i] *= f[i];
            }
        };
    }

    @Override
    public String toString() {
        return "WeightNoise(standardDeviation=" + standardDeviation + ",kind=" + kind + "," + scopeString() + ")";
    }
}
