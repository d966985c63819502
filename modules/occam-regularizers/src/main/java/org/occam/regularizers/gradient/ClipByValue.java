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
 * Gradient clipping by value: every element of every gradient is clamped to [−c, c],
 * <pre>
 * g ← min(max(g, −c), c)
 * </pre>
 * which changes the gradient's direction when some elements are clamped (unlike
 * {@link ClipByNorm} and {@link ClipByGlobalNorm}). Applies to every trainable tensor, biases and
 * normalization parameters included, after backward and before the optimizer step (hook 5).
 * Elements within [−c, c], and NaN, pass through unchanged.
 * <p>
 * Default c = {@code clipValue} = 1; c must be finite and &gt; 0. Keras: optimizer argument
 * {@code clipvalue=c}. PyTorch: {@code torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=c)}.
 * <pre>
 * Mikolov, "Statistical Language Models Based on Neural Networks", PhD thesis, Brno 2012.
 * Pascanu, Mikolov &amp; Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
 * </pre>
 */
public final class ClipByValue implements GradientTransform {
    @Config(description = "Bound c > 0 (finite): every gradient element is clamped to [−c, c].")
    private double clipValue = 1.0;

    /** For OLCUT. */
    private ClipByValue() {}

    /**
     * @param clipValue c &gt; 0
     */
    public ClipByValue(double clipValue) {
        this.clipValue = clipValue;
        postConfig();
    }

    @Override
    public void postConfig() {
        ClipChecks.positive("clipValue", clipValue);
    }

    /** @return c */
    public double clipValue() {
        return clipValue;
    }

    /**
     * The kernel: g ← clamp(g, −c, c).
     * @param g values, changed in place
     * @param c the bound
     */
    public static void clipInPlace(double[] g, double c) {
        for (int i = 0; i < g.length; i++) {
            if (g[i] > c) {
                g[i] = c;
            } else if (g[i] < -c) {
                g[i] = -c;
            }
        }
    }

    /** @return every trainable tensor (biases and normalization parameters included), as Keras' {@code clipnorm} */
    @Override
    public ParameterScope scope() {
        return ParameterScope.all();
    }

    @Override
    public void apply(List<Parameter> parameters, TrainingClock clock) {
        for (Parameter p : parameters) {
            clipInPlace(p.gradient().data(), clipValue);
        }
    }

    @Override
    public String toString() {
        return "ClipByValue(clipValue=" + clipValue + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "GradientTransform");
    }
}
