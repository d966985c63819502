package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

/**
 * Label smoothing (Szegedy et al. 2016): mixes every target row with the uniform distribution over
 * its K columns,
 * <pre>
 * ỹ_ik = (1 − ε)·y_ik + ε/K
 * </pre>
 * so a one-hot target becomes 1 − ε + ε/K on the true class and ε/K elsewhere; a probability vector
 * stays one. Inputs are unchanged; deterministic (the generator is not used). Training only.
 * <p>
 * It is meant for classification, where the targets are probability vectors over K classes (or,
 * with a logistic head, one column holding the positive class's probability: smoothed as the
 * two-class distribution, K = 2). It does not check that: on regression targets (standardized values, K = number of outputs) it
 * computes the same formula, which shrinks the targets towards ε/K and is almost never wanted.
 * <p>
 * Default ε = 0.1 (the paper's value for ImageNet). Keras: {@code CategoricalCrossentropy(
 * label_smoothing=ε)} (same formula; default 0). PyTorch: {@code CrossEntropyLoss(label_smoothing=ε)}
 * (same formula; default 0). Placed after {@link Mixup} or {@link CutMix} it smooths the mixed targets.
 * <pre>
 * Szegedy, Vanhoucke, Ioffe, Shlens &amp; Wojna, "Rethinking the Inception Architecture for Computer
 *   Vision", CVPR 2016.
 * Müller, Kornblith &amp; Hinton, "When Does Label Smoothing Help?", NeurIPS 2019.
 * </pre>
 */
public final class LabelSmoothing implements BatchTransform {
    @Config(description = "Smoothing ε ∈ [0, 1): the weight moved from the targets to the uniform distribution over the K classes.")
    private double epsilon = 0.1;

    /** For OLCUT. */
    private LabelSmoothing() {}

    /**
     * @param epsilon ε ∈ [0, 1)
     */
    public LabelSmoothing(double epsilon) {
        this.epsilon = epsilon;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new PropertyException("", "epsilon", "expected epsilon in [0, 1), found " + epsilon);
        }
    }

    /** @return ε */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The kernel: (1 − ε)·y + ε/K, K = the number of columns — except for one column, which is a
     * logistic head's probability of the positive class of a binary problem: K = 2 there, the
     * smoothing of the two-class distribution {1 − y, y} (Keras' {@code BinaryCrossentropy(label_smoothing=ε)}).
     * @param targets the target rows, not modified
     * @param epsilon ε
     * @return a new matrix
     */
    public static Matrix smooth(Matrix targets, double epsilon) {
        Matrix out = targets.copy();
        if (targets.cols() == 0) {
            return out;
        }
        double keep = 1 - epsilon;
        double uniform = epsilon / Math.max(targets.cols(), 2);
        double[] y = out.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = keep * y[i] + uniform;
        }
        return out;
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        return new Batch(batch.inputs().copy(), smooth(batch.targets(), epsilon));
    }

    @Override
    public String toString() {
        return "LabelSmoothing(epsilon=" + epsilon + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "BatchTransform");
    }
}
