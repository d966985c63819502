package org.occam.regularizers.constraint;

import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Unit-norm constraint: after every optimizer step each unit's incoming weight vector — a row of a
 * dense layer's weight matrix W [out × in] — is projected onto the unit sphere,
 * <pre>
 * w_j ← w_j / ‖w_j‖₂        for every row j with ‖w_j‖ &gt; 0
 * </pre>
 * An all-zero row has no direction and stays zero. Rounding leaves ‖w_j‖ within a few ulps of 1.
 * Scope (hook 7): by default the weights of the hidden layers only — not biases, not the output
 * layer; {@code includeOutputLayer} and {@code layers} change it as for penalties. No parameter.
 * <p>
 * Keras: {@code kernel_constraint=keras.constraints.UnitNorm(axis=0)} (Keras kernels are [in × out],
 * so its axis 0 is our row; Keras divides by ε + ‖w‖). PyTorch: no constraint API; the projection is
 * {@code W.data = F.normalize(W.data, dim=1)} after the step. Related: weight normalization
 * (Salimans &amp; Kingma 2016) reparametrizes instead of projecting.
 * <pre>
 * Salimans &amp; Kingma, "Weight Normalization: A Simple Reparameterization to Accelerate Training of
 *   Deep Neural Networks", NIPS 2016.
 * </pre>
 */
public final class UnitNorm extends AbstractScopedConstraint {
    /** On hidden-layer weights. */
    public UnitNorm() {
        this(false, List.of());
    }

    /**
     * @param includeOutputLayer also the output layer
     * @param layers exactly these layers, if not empty
     */
    public UnitNorm(boolean includeOutputLayer, List<String> layers) {
        setScope(includeOutputLayer, layers);
        postConfig();
    }

    /**
     * The kernel: divides every non-zero row by its norm.
     * @param w row-major values, changed in place
     * @param rows number of rows
     * @param cols number of columns
     */
    public static void normalizeRowsInPlace(double[] w, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double norm = RowNorms.norm(w, off, cols);
            if (norm > 0) {
                for (int j = off; j < off + cols; j++) {
                    w[j] /= norm;
                }
            }
        }
    }

    @Override
    protected void projectInPlace(Parameter p) {
        normalizeRowsInPlace(p.value().data(), p.value().rows(), p.value().cols());
    }

    @Override
    public String toString() {
        return "UnitNorm(" + scopeString() + ")";
    }
}
