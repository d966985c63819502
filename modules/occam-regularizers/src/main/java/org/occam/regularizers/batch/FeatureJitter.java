package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

/**
 * Multiplicative feature jitter, a tabular augmentation: each row of a training minibatch is,
 * with probability q, jittered value by value,
 * <pre>
 * x̃_ij = x_ij · (1 + u_ij),   u_ij ~ U(−r, r) independent          (row chosen, prob. q)
 * x̃_ij = x_ij                                                      (otherwise)
 * </pre>
 * so every value moves by at most the fraction r of itself, keeps its sign (r ≤ 1) and zeros stay
 * zero; E[x̃] = x and Var[x̃] = x²·r²/3. The multiplicative form was chosen over additive noise
 * (that is {@link InputNoise}) because it is a relative perturbation: it models a measurement error
 * proportional to the value and needs no noise scale per feature. Note: on standardized features,
 * as Occam's experiments feed them, "the value" is the distance from the feature's training mean,
 * so values near the mean are barely jittered. Targets are unchanged. Training only.
 * <p>
 * Draw order per row: one uniform for the row's coin, then (if chosen) one uniform per value.
 * Defaults: r = {@code relativeRange} = 0.05, q = {@code rowProbability} = 1. Neither Keras nor
 * PyTorch has this as a layer; in PyTorch it is {@code x * (1 + r * (2 * torch.rand_like(x) - 1))}
 * on a random subset of rows.
 * <pre>
 * Um et al., "Data Augmentation of Wearable Sensor Data for Parkinson's Disease Monitoring using
 *   Convolutional Neural Networks", ICMI 2017 (scaling / jittering augmentations).
 * </pre>
 */
public final class FeatureJitter implements BatchTransform {
    @Config(description = "Relative range r ∈ [0, 1]: each value is multiplied by 1 + U(−r, r).")
    private double relativeRange = 0.05;

    @Config(description = "Probability q ∈ [0, 1] that a row is jittered at all (otherwise it is left unchanged).")
    private double rowProbability = 1.0;

    /** For OLCUT. */
    private FeatureJitter() {}

    /**
     * @param relativeRange r ∈ [0, 1]
     * @param rowProbability q ∈ [0, 1]
     */
    public FeatureJitter(double relativeRange, double rowProbability) {
        this.relativeRange = relativeRange;
        this.rowProbability = rowProbability;
        postConfig();
    }

    @Override
    public void postConfig() {
        PropertyChecks.closedInterval("relativeRange", relativeRange, 0, 1);
        PropertyChecks.probability("rowProbability", rowProbability);
    }

    /** @return r */
    public double relativeRange() {
        return relativeRange;
    }

    /** @return q */
    public double rowProbability() {
        return rowProbability;
    }

    /**
     * The kernel.
     * @param inputs the inputs, not modified
     * @param relativeRange r
     * @param rowProbability q
     * @param rng the source of randomness
     * @return a new, jittered matrix
     */
    public static Matrix jitter(Matrix inputs, double relativeRange, double rowProbability, SplittableRandom rng) {
        Matrix out = inputs.copy();
        double[] x = out.data();
        int cols = out.cols();
        for (int r = 0; r < out.rows(); r++) {
            if (rng.nextDouble() >= rowProbability) {
                continue;
            }
            for (int j = r * cols, end = j + cols; j < end; j++) {
                double u = relativeRange * (2 * rng.nextDouble() - 1);
                x[j] *= 1 + u;
            }
        }
        return out;
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        return new Batch(jitter(batch.inputs(), relativeRange, rowProbability, rng), batch.targets().copy());
    }

    @Override
    public String toString() {
        return "FeatureJitter(relativeRange=" + relativeRange + ",rowProbability=" + rowProbability + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "BatchTransform");
    }
}
