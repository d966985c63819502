package org.occam.regularizers.loss;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.spi.Batch;
import org.occam.core.spi.LossHook;
import org.occam.core.spi.TrainingClock;

import java.util.List;

/**
 * R-Drop: every example goes through the network twice, with independent dropout noise, and the
 * two predicted distributions P₁, P₂ are pulled together by a symmetric KL term.
 * <pre>
 * L = ½(CE(P₁, y) + CE(P₂, y)) + α·½(KL(P₁‖P₂) + KL(P₂‖P₁))      each a mean over the b examples
 * ∂/∂z₁ (½KL(P₁‖P₂) + ½KL(P₂‖P₁)) = ½[P₁⊙(log P₁ − log P₂ − KL(P₁‖P₂)) + P₁ − P₂]   (z₁: logits of pass 1)
 * </pre>
 * The two passes are one TRAIN forward pass over the batch stacked on itself ([x; x], 2b rows), as
 * the authors' code does, so every stochastic layer draws separate noise for each copy; one backward
 * pass follows. The data loss reported is the mean cross-entropy over both copies, the KL term is
 * reported apart as {@code RDrop}; penalties and the epoch's loss weights still use the real batch
 * size b. Without stochastic layers both passes agree, the KL term is 0 and training is plain
 * training. Inference is untouched (one deterministic pass).
 * <p>
 * Default α = 1 (the paper uses 0.3–5 depending on the task). The authors' snippet sums the KL over
 * the batch; here it is a mean, so their α equals this α divided by the batch size. Needs a softmax
 * classification head (Occam's classification trainer); with any other loss training fails.
 * <pre>
 * Liang, Wu, Li, Wang, Meng, Qin, Chen, Zhang &amp; Liu, "R-Drop: Regularized Dropout for Neural
 * Networks", NeurIPS 2021.
 * </pre>
 */
public final class RDrop implements LossHook {
    @Config(description = "Weight α ≥ 0 (finite) of the symmetric KL term between the two dropout passes' predictions.")
    private double alpha = 1.0;

    /** For OLCUT. */
    private RDrop() {}

    /**
     * @param alpha α ≥ 0
     */
    public RDrop(double alpha) {
        this.alpha = alpha;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new PropertyException("", "alpha", "expected a finite alpha ≥ 0, found " + alpha);
        }
    }

    /** @return α */
    public double alpha() {
        return alpha;
    }

    @Override
    public List<String> termNames() {
        return List.of("RDrop");
    }

    @Override
    public double forwardBackward(Batch batch, Pass pass, double[] terms, TrainingClock clock) {
        if (!(pass.loss() instanceof SoftmaxCrossEntropy)) {
            throw new IllegalArgumentException("RDrop needs a softmax classification head, found loss " + pass.loss());
        }
        Matrix twice = stacked(batch.inputs());
        Matrix logits = pass.forward(twice);
        Matrix targets = stacked(batch.targets());
        Matrix grad = new Matrix(logits.rows(), logits.cols());
        double dataLoss = pass.loss().lossAndGradient(logits, targets, grad);
        terms[0] = symmetricKl(logits, alpha, grad);
        pass.backward(grad);
        return dataLoss;
    }

    /**
     * The kernel: for logits whose first b rows are pass 1 and last b rows pass 2, returns
     * {@code α·(1/b)Σ_r ½(KL(P₁‖P₂) + KL(P₂‖P₁))} and adds its gradient with respect to the logits.
     * @param logits 2b × classes, not modified
     * @param alpha α
     * @param gradient 2b × classes, the gradient is added to it
     * @return the term
     */
    public static double symmetricKl(Matrix logits, double alpha, Matrix gradient) {
        int b = logits.rows() / 2;
        int k = logits.cols();
        if (logits.rows() != 2 * b || b == 0) {
            throw new IllegalArgumentException("expected two stacked copies of a batch, found " + logits.rows() + " rows");
        }
        double[] lp = new double[k];
        double[] lq = new double[k];
        double total = 0;
        double scale = alpha / (2.0 * b);
        for (int r = 0; r < b; r++) {
            logSoftmax(logits, r, lp);
            logSoftmax(logits, r + b, lq);
            double klPq = 0;
            double klQp = 0;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(lp[j]);
                double q = Math.exp(lq[j]);
                klPq += p * (lp[j] - lq[j]);
                klQp += q * (lq[j] - lp[j]);
            }
            total += klPq + klQp;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(lp[j]);
                double q = Math.exp(lq[j]);
                gradient.set(r, j, gradient.get(r, j) + scale * (p * (lp[j] - lq[j] - klPq) + p - q));
                gradient.set(r + b, j, gradient.get(r + b, j) + scale * (q * (lq[j] - lp[j] - klQp) + q - p));
            }
        }
        return scale * total;
    }

    private static void logSoftmax(Matrix m, int row, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m.cols(); j++) {
            max = Math.max(max, m.get(row, j));
        }
        double sum = 0;
        for (int j = 0; j < m.cols(); j++) {
            sum += Math.exp(m.get(row, j) - max);
        }
        double log = max + Math.log(sum);
        for (int j = 0; j < m.cols(); j++) {
            out[j] = m.get(row, j) - log;
        }
    }

    /** @return [m; m] */
    private static Matrix stacked(Matrix m) {
        Matrix out = new Matrix(2 * m.rows(), m.cols());
        System.arraycopy(m.data(), 0, out.data(), 0, m.size());
        System.arraycopy(m.data(), 0, out.data(), m.size(), m.size());
        return out;
    }

    @Override
    public String toString() {
        return "RDrop(alpha=" + alpha + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LossHook");
    }
}
