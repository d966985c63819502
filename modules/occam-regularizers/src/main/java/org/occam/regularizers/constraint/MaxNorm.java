package org.occam.regularizers.constraint;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Max-norm constraint (Srivastava et al. 2014): after every optimizer step, each unit's incoming
 * weight vector — a row of a dense layer's weight matrix W [out × in] — is scaled back onto the
 * ball of radius c when it left it,
 * <pre>
 * w_j ← w_j · min(1, c / ‖w_j‖₂)        for every row j
 * </pre>
 * A row with ‖w_j‖ ≤ c is left bit-for-bit unchanged. Scope (hook 7): by default the weights of
 * the hidden layers only — not biases, not the output layer; {@code includeOutputLayer} and
 * {@code layers} change it as for penalties.
 * <p>
 * Default c = {@code maxNorm} = 2 (Keras' default; the paper uses 3–4 together with dropout); c
 * must be finite and &gt; 0. Keras: {@code kernel_constraint=keras.constraints.MaxNorm(max_value=c,
 * axis=0)} — Keras kernels are [in × out], so its axis 0 is our row (Keras divides by
 * ε + ‖w‖ and changes every row slightly; this one does not). PyTorch has no constraint API; it is
 * {@code W.data = torch.renorm(W.data, 2, 0, c)} after {@code optimizer.step()} (PyTorch's Linear
 * weight is [out × in], like ours).
 * <pre>
 * Srivastava, Hinton, Krizhevsky, Sutskever &amp; Salakhutdinov, "Dropout: A Simple Way to Prevent
 *   Neural Networks from Overfitting", JMLR 15, 2014, §5.1.
 * </pre>
 */
public final class MaxNorm extends AbstractScopedConstraint {
    @Config(description = "Largest Euclidean norm c > 0 (finite) of each unit's incoming weight vector (a row of W).")
    private double maxNorm = 2.0;

    /** For OLCUT. */
    private MaxNorm() {}

    /**
     * On hidden-layer weights.
     * @param maxNorm c &gt; 0
     */
    public MaxNorm(double maxNorm) {
        this(maxNorm, false, List.of());
    }

    /**
     * @param maxNorm c &gt; 0
     * @param includeOutputLayer also the output layer
     * @param layers exactly these layers, if not empty
     */
    public MaxNorm(double maxNorm, boolean includeOutputLayer, List<String> layers) {
        this.maxNorm = maxNorm;
        setScope(includeOutputLayer, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new PropertyException("", "maxNorm", "expected a finite maxNorm > 0, found " + maxNorm);
        }
    }

    /** @return c */
    public double maxNorm() {
        return maxNorm;
    }

    /**
     * The kernel: rescales every row whose norm exceeds c to norm c.
     * @param w row-major values, changed in place
     * @param rows number of rows
     * @param cols number of columns
     * @param c the largest row norm
     */
    public static void clipRowNormsInPlace(double[] w, int rows, int cols, double c) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double norm = RowNorms.norm(w, off, cols);
            if (norm > c) {
                double k = c / norm;
                for (int j = off; j < off + cols; j++) {
                    w[j] *= k;
                }
            }
        }
    }

    @Override
    protected void projectInPlace(Parameter p) {
        clipRowNormsInPlace(p.value().data(), p.value().rows(), p.value().cols(), maxNorm);
    }

    @Override
    public String toString() {
        return "MaxNorm(maxNorm=" + maxNorm + "," + scopeString() + ")";
    }
}
