package org.occam.regularizers.constraint;

import org.occam.core.nn.Parameter;

import java.util.List;

/**
 * Non-negativity constraint: after every optimizer step the selected weights are projected onto
 * the non-negative orthant,
 * <pre>
 * w ← max(w, 0)
 * </pre>
 * element by element (NaN stays NaN so that a diverged run is still reported). Scope (hook 7): by
 * default the weights of the hidden layers only — not biases, not the output layer;
 * {@code includeOutputLayer} and {@code layers} change it as for penalties. No parameter.
 * <p>
 * Keras: {@code kernel_constraint=keras.constraints.NonNeg()}. PyTorch: no constraint API;
 * {@code W.data.clamp_(min=0)} after the step. A classic use is non-negative, parts-based
 * representations (Chorowski &amp; Zurada 2015).
 * <pre>
 * Chorowski &amp; Zurada, "Learning Understandable Neural Networks With Nonnegative Weight
 *   Constraints", IEEE TNNLS 26(1), 2015.
 * </pre>
 */
public final class NonNegative extends AbstractScopedConstraint {
    /** On hidden-layer weights. */
    public NonNegative() {
        this(false, List.of());
    }

    /**
     * @param includeOutputLayer also the output layer
     * @param layers exactly these layers, if not empty
     */
    public NonNegative(boolean includeOutputLayer, List<String> layers) {
        setScope(includeOutputLayer, layers);
        postConfig();
    }

    /**
     * The kernel: w ← max(w, 0) for every negative w (−0.0 and NaN are left as they are).
     * @param w values, changed in place
     */
    public static void clampNegativeInPlace(double[] w) {
        for (int i = 0; i < w.length; i++) {
            if (w[i] < 0) {
                w[i] = 0.0;
            }
        }
    }

    @Override
    protected void projectInPlace(Parameter p) {
        clampNegativeInPlace(p.value().data());
    }

    @Override
    public String toString() {
        return "NonNegative(" + scopeString() + ")";
    }
}
