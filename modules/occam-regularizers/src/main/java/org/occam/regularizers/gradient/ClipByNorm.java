package org.occam.regularizers.gradient;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.ParameterScope;
import org.occam.core.spi.TrainingClock;

import java.util.List;

/**
 * Gradient clipping by norm, tensor by tensor: each tensor's gradient is rescaled so that its
 * Euclidean (Frobenius) norm is at most c,
 * <pre>
 * g_t ← g_t · min(1, c / ‖g_t‖₂)        for every tensor t on its own
 * </pre>
 * keeping each tensor's direction but not the direction of the whole update (that is
 * {@link ClipByGlobalNorm}). A gradient with ‖g_t‖ ≤ c is left bit-for-bit unchanged, as is one
 * whose norm is not finite (the training loop then reports the divergence). Applies to every
 * trainable tensor (weights, biases, others), after backward and before the optimizer step (hook 5).
 * <p>
 * Default c = {@code maxNorm} = 1; c must be finite and &gt; 0. Keras: optimizer argument
 * {@code clipnorm=c} ("each weight's gradient is individually clipped"; TensorFlow's
 * {@code clip_by_norm}). PyTorch has no per-tensor helper; it is {@code clip_grad_norm_(p, c)} called
 * on each parameter separately.
 * <pre>
 * Pascanu, Mikolov &amp; Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
 * </pre>
 */
public final class ClipByNorm implements GradientTransform {
    @Config(description = "Largest Euclidean norm c > 0 (finite) of each tensor's gradient.")
    private double maxNorm = 1.0;

    /** For OLCUT. */
    private ClipByNorm() {}

    /**
     * @param maxNorm c &gt; 0
     */
    public ClipByNorm(double maxNorm) {
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
     * The kernel: g ← g·c/‖g‖ if ‖g‖ &gt; c (and finite), otherwise unchanged.
     * @param g values, changed in place
     * @param c the largest norm
     * @return the norm before clipping
     */
    public static double clipNormInPlace(double[] g, double c) {
        double norm = ClipChecks.norm(g);
        if (norm > c && Double.isFinite(norm)) {
            ClipChecks.scaleInPlace(g, c / norm);
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
        for (Parameter p : parameters) {
            clipNormInPlace(p.gradient().data(), maxNorm);
        }
    }

    @Override
    public String toString() {
        return "ClipByNorm(maxNorm=" + maxNorm + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "GradientTransform");
    }
}
