package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.TrainingClock;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mixup (Zhang et al. 2018): trains on convex combinations of pairs of examples and of their
 * targets,
 * <pre>
 * x̃_i = λ_i·x_i + (1 − λ_i)·x_π(i)
 * ỹ_i = λ_i·y_i + (1 − λ_i)·y_π(i)        λ ~ Beta(α, α),  π a uniform random permutation of the batch
 * </pre>
 * With {@code perSample = false} (default, as the paper's code, Keras and torchvision) one λ is
 * drawn per minibatch; with {@code perSample = true} every example draws its own λ_i (timm's
 * {@code mode='elem'}, keras_cv). π may have fixed points; such an example is left as it is. For
 * classification the targets are probability vectors and stay so (the softmax cross-entropy takes
 * soft targets); regression targets are mixed the same way. Training only.
 * <p>
 * E[λ] = 1/2, Var[λ] = 1/(4(2α + 1)); small α keeps λ near 0 or 1 (mild mixing), α = 1 is uniform.
 * Beta variates come from two Gamma variates (Marsaglia–Tsang, see {@link RandomVariates}).
 * Draw order: the permutation, then the λ(s).
 * <p>
 * Default α = 0.2 (Keras' default; the paper uses 0.1–0.4 on ImageNet, 1 on CIFAR). Keras:
 * {@code keras.layers.MixUp(alpha=α)} (one λ per batch). PyTorch: {@code torchvision.transforms.v2.MixUp(alpha=α)}
 * (one λ per batch, partner = the next example) or timm {@code Mixup(mixup_alpha=α, mode='batch'|'elem')}.
 * <pre>
 * Zhang, Cisse, Dauphin &amp; Lopez-Paz, "mixup: Beyond Empirical Risk Minimization", ICLR 2018.
 * </pre>
 */
public final class Mixup implements BatchTransform {
    @Config(description = "Shape α > 0 (finite) of the symmetric Beta(α, α) the mixing weight λ is drawn from.")
    private double alpha = 0.2;

    @Config(description = "Draw one λ per example (true) instead of one per minibatch (false, the paper's form).")
    private boolean perSample = false;

    /** For OLCUT. */
    private Mixup() {}

    /**
     * @param alpha α &gt; 0
     * @param perSample one λ per example instead of one per batch
     */
    public Mixup(double alpha, boolean perSample) {
        this.alpha = alpha;
        this.perSample = perSample;
        postConfig();
    }

    @Override
    public void postConfig() {
        PropertyChecks.positive("alpha", alpha);
    }

    /** @return α */
    public double alpha() {
        return alpha;
    }

    /** @return true if every example draws its own λ */
    public boolean perSample() {
        return perSample;
    }

    /**
     * The mixing-weight sampler: λ ~ Beta(α, α).
     * @param alpha α &gt; 0
     * @param rng the source of randomness
     * @return λ ∈ [0, 1]
     */
    public static double sampleLambda(double alpha, SplittableRandom rng) {
        return RandomVariates.beta(alpha, alpha, rng);
    }

    /**
     * The kernel: mixes every row i of inputs and targets with row {@code partner[i]}, weight
     * {@code lambda[i]} on row i.
     * @param batch the batch, not modified
     * @param partner the partner of each row
     * @param lambda the weight of each row on itself
     * @return a new batch
     */
    public static Batch mix(Batch batch, int[] partner, double[] lambda) {
        if (partner.length != batch.size() || lambda.length != batch.size()) {
            throw new IllegalArgumentException("batch has " + batch.size() + " rows, found " + partner.length
                    + " partners and " + lambda.length + " weights");
        }
        return new Batch(mixRows(batch.inputs(), partner, lambda), mixRows(batch.targets(), partner, lambda));
    }

    /**
     * Row i of the result is {@code lambda[i]·m_i + (1 − lambda[i])·m_partner[i]}.
     * @param m the rows, not modified
     * @param partner the partner of each row
     * @param lambda the weight of each row on itself
     * @return a new matrix
     */
    static Matrix mixRows(Matrix m, int[] partner, double[] lambda) {
        int cols = m.cols();
        double[] in = m.data();
        Matrix out = new Matrix(m.rows(), cols);
        double[] o = out.data();
        for (int i = 0; i < m.rows(); i++) {
            double l = lambda[i];
            double rest = 1 - l;
            int a = i * cols;
            int b = partner[i] * cols;
            for (int j = 0; j < cols; j++) {
                o[a + j] = l * in[a + j] + rest * in[b + j];
            }
        }
        return out;
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        int n = batch.size();
        int[] partner = RandomVariates.permutation(n, rng);
        double[] lambda = new double[n];
        if (perSample) {
            for (int i = 0; i < n; i++) {
                lambda[i] = sampleLambda(alpha, rng);
            }
        } else {
            Arrays.fill(lambda, sampleLambda(alpha, rng));
        }
        return mix(batch, partner, lambda);
    }

    @Override
    public String toString() {
        return "Mixup(alpha=" + alpha + ",perSample=" + perSample + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "BatchTransform");
    }
}
