package org.occam.regularizers.gradient;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.ParameterScope;
import org.occam.core.spi.TrainingClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping by global norm: all gradients, seen as one vector, are rescaled together so
 * that its Euclidean norm is at most c,
 * <pre>
 * ‖g‖_global = √(Σ_t ‖g_t‖₂²)
 * g_t ← g_t · min(1, c / ‖g‖_global)     the same factor for every tensor t
 * </pre>
 * so the update keeps its direction. When ‖g‖_global ≤ c (or is not finite) every gradient is
 * left bit-for-bit unchanged. Applies to every trainable tensor, after backward and before the
 * optimizer step (hook 5).
 * <p>
 * Default c = {@code maxNorm} = 1; c must be finite and &gt; 0. Keras: optimizer argument
 * {@code global_clipnorm=c} (TensorFlow's {@code clip_by_global_norm}). PyTorch:
 * {@code torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=c)}, which divides by
 * ‖g‖ + 10⁻⁶ instead of ‖g‖.
 * <pre>
 * Pascanu, Mikolov &amp; Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
 * </pre>
 */
public final class ClipByGlobalNorm implements GradientTransform {
    @Config(description = "Largest Euclidean norm c > 0 (finite) of all gradients taken together.")
    private double maxNorm = 1.0;

    /** For OLCUT. */
    private ClipByGlobalNorm() {}

    /**
     * @param maxNorm c &gt; 0
     */
    public ClipByGlobalNorm(double maxNorm) {
        this.maxNorm = maxNorm;
        postConfig();
    }

    @Override
    public void postConfig() {
        ClipChecks.positive("maxNorm", maxNorm);
    }

    /** @return c */
    public double maxNorm() {
        return maxNorm;
    }

    /**
     * @param gradients the tensors' values
     * @return √(Σ_t Σ g²) over all of them
     */
    public static double globalNorm(List<double[]> gradients) {
        double s = 0;
        for (double[] g : gradients) {
            for (double v : g) {
                s += v * v;
            }
        }
        if (!Double.isInfinite(s)) {
            return Math.sqrt(s);
        }
        // the sum of squares overflowed: combine the per-tensor norms with rescaling instead
        double[] norms = new double[gradients.size()];
        for (int i = 0; i < norms.length; i++) {
            norms[i] = ClipChecks.norm(gradients.get(i));
        }
        return ClipChecks.norm(norms);
    }

    /**
     * The kernel: every g_t ← g_t·c/‖g‖_global if ‖g‖_global &gt; c (and finite), otherwise unchanged.
     * @param gradients the tensors' values, changed in place
     * @param c the largest global norm
     * @return the global norm before clipping
     */
    public static double clipGlobalNormInPlace(List<double[]> gradients, double c) {
        double norm = globalNorm(gradients);
        if (norm > c && Double.isFinite(norm)) {
            double k = c / norm;
            for (double[] g : gradients) {
                ClipChecks.scaleInPlace(g, k);
            }
        }
        return norm;
    }

    /** @return every trainable tensor (biases and normalization parameters included), as Keras' {@code clipnorm} */
    @Override
    public ParameterScope scope() {
        return ParameterScope.all();
    }

    @Override
    public void apply(List<Parameter> parameters, TrainingClock clock) {
        List<double[]> gradients = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            gradients.add(p.gradient().data());
        }
        clipGlobalNormInPlace(gradients, maxNorm);
    }

    @Override
    public String toString() {
        return "ClipByGlobalNorm(maxNorm=" + maxNorm + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "GradientTransform");
    }
}
