package org.occam.classification.testplugins;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;
import org.occam.core.spi.ParameterScope;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A penalty that exists only in the test sources, unknown to every Occam module: it proves that a
 * third-party plugin named by class in a config file reaches the trainer through the SPI alone.
 * It is an L2 term {@code (scale/2)·Σw²} on the default scope (hidden-layer weights), with gradient
 * {@code scale·w}, and it counts the calls to {@link #addGradient} in {@link #GRADIENT_CALLS} so a
 * test can see it ran once per penalized tensor per step.
 */
public final class CountingPenalty implements Penalty {
    /** Calls to {@link #addGradient}, over all instances; reset it before a run. */
    public static final AtomicInteger GRADIENT_CALLS = new AtomicInteger();

    @Config(description = "Coefficient of the term (scale/2)·Σw² (finite, ≥ 0).")
    private double scale = 1.0;

    /** For OLCUT. */
    private CountingPenalty() {}

    /**
     * @param scale the coefficient
     */
    public CountingPenalty(double scale) {
        this.scale = scale;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new PropertyException("", "scale", "expected a finite scale ≥ 0, found " + scale);
        }
    }

    @Override
    public ParameterScope scope() {
        return ParameterScope.hiddenWeights();
    }

    @Override
    public boolean usesDatasetSize() {
        return false;
    }

    @Override
    public boolean actsAfterStep() {
        return false;
    }

    @Override
    public double loss(Parameter p, PenaltyContext ctx) {
        return 0.5 * scale * p.value().squaredL2Norm();
    }

    @Override
    public void addGradient(Parameter p, PenaltyContext ctx) {
        GRADIENT_CALLS.incrementAndGet();
        double[] w = p.value().data();
        double[] g = p.gradient().data();
        for (int i = 0; i < w.length; i++) {
            g[i] += scale * w[i];
        }
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Penalty");
    }

    @Override
    public String toString() {
        return "CountingPenalty(scale=" + scale + ")";
    }
}
