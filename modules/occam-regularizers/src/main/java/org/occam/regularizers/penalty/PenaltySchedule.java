package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;
import org.occam.core.spi.ParameterScope;

/**
 * λ warm-up: wraps another penalty and scales its loss term, its gradient term and its after-step
 * update by a factor s that ramps linearly from s₀ to 1, epoch by epoch (e is the 0-based epoch
 * of {@link org.occam.core.spi.TrainingClock}, D = {@code delayEpochs}, R = {@code rampEpochs}):
 * <pre>
 * s(e) = s₀                                 e &lt; D
 * s(e) = s₀ + (1 − s₀)·(e − D)/R            D ≤ e &lt; D + R
 * s(e) = 1                                  e ≥ D + R
 *
 * loss = s·loss_inner,  ∂/∂w += s·∂loss_inner/∂w,  after the step: the inner update with η·s
 * </pre>
 * so the wrapped penalty acts as if its λ were s·λ. Scaling the after-step update's learning rate is
 * exact for the catalog's proximal L1 (threshold η·s·c) and decoupled weight decay (w ← (1 − η·s·λ)w),
 * and in general for any after-step update that is a proximal step of size η. With s = 1 every call
 * is passed straight through, so a finished ramp is bit-identical to the bare penalty. The scope is
 * the wrapped penalty's scope; the training history reports the scaled loss under this class's name.
 * <p>
 * Defaults: s₀ = {@code startFactor} = 0, D = 0, R = {@code rampEpochs} = 10 (so epochs 0 … 9 use
 * s = 0, 0.1, …, 0.9 and λ is at full strength from epoch 10 on). Keras and PyTorch have no such
 * wrapper: in Keras one changes a {@code tf.Variable} λ in a callback's {@code on_epoch_begin}; in
 * PyTorch one scales the penalty term added to the loss by the same s(e). The β warm-up of
 * variational auto-encoders (Bowman et al. 2016, "KL annealing") is the best-known use of such a ramp.
 * <pre>
 * Bowman, Vilnis, Vinyals, Dai, Jozefowicz &amp; Bengio, "Generating Sentences from a Continuous
 *   Space", CoNLL 2016 (KL cost annealing).
 * </pre>
 */
public final class PenaltySchedule implements Penalty {
    @Config(mandatory = true, description = "The penalty whose strength is ramped.")
    private Penalty penalty;

    @Config(description = "Factor s₀ ∈ [0, 1] during the delay and at the start of the ramp.")
    private double startFactor = 0.0;

    @Config(description = "Epochs D ≥ 0 at the start factor before the ramp begins.")
    private int delayEpochs = 0;

    @Config(description = "Epochs R ≥ 0 of the linear ramp from the start factor to 1 (0: jump to 1 after the delay).")
    private int rampEpochs = 10;

    /** For OLCUT. */
    private PenaltySchedule() {}

    /**
     * @param penalty the wrapped penalty
     * @param startFactor s₀ ∈ [0, 1]
     * @param delayEpochs D ≥ 0
     * @param rampEpochs R ≥ 0
     */
    public PenaltySchedule(Penalty penalty, double startFactor, int delayEpochs, int rampEpochs) {
        this.penalty = penalty;
        this.startFactor = startFactor;
        this.delayEpochs = delayEpochs;
        this.rampEpochs = rampEpochs;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (penalty == null) {
            throw new PropertyException("", "penalty", "expected a penalty to schedule, found null");
        }
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new PropertyException("", "startFactor", "expected startFactor in [0, 1], found " + startFactor);
        }
        if (delayEpochs < 0) {
            throw new PropertyException("", "delayEpochs", "expected delayEpochs ≥ 0, found " + delayEpochs);
        }
        if (rampEpochs < 0) {
            throw new PropertyException("", "rampEpochs", "expected rampEpochs ≥ 0, found " + rampEpochs);
        }
    }

    /** @return the wrapped penalty */
    public Penalty penalty() {
        return penalty;
    }

    /**
     * The schedule's kernel.
     * @param epoch e, 0-based
     * @param startFactor s₀
     * @param delayEpochs D
     * @param rampEpochs R
     * @return s(e)
     */
    public static double factor(int epoch, double startFactor, int delayEpochs, int rampEpochs) {
        if (epoch < delayEpochs) {
            return startFactor;
        }
        int into = epoch - delayEpochs;
        if (into >= rampEpochs) {
            return 1.0;
        }
        return startFactor + (1.0 - startFactor) * into / rampEpochs;
    }

    /**
     * @param ctx the step's sizes and clock
     * @return s at the clock's epoch
     */
    public double factor(PenaltyContext ctx) {
        return factor(ctx.clock().epoch(), startFactor, delayEpochs, rampEpochs);
    }

    @Override
    public ParameterScope scope() {
        return penalty.scope();
    }

    /** @return the wrapped penalty's answer */
    @Override
    public boolean usesDatasetSize() {
        return penalty.usesDatasetSize();
    }

    /** @return the wrapped penalty's answer */
    @Override
    public boolean actsAfterStep() {
        return penalty.actsAfterStep();
    }

    @Override
    public double loss(Parameter p, PenaltyContext ctx) {
        return factor(ctx) * penalty.loss(p, ctx);
    }

    @Override
    public void addGradient(Parameter p, PenaltyContext ctx) {
        double s = factor(ctx);
        if (s == 1) {
            penalty.addGradient(p, ctx);
        } else if (s > 0) {
            // let the inner penalty write its term into a zero gradient of its own, then add s times it
            String shortName = p.name().substring(p.layerName().length() + 1);
            Parameter scratch = new Parameter(p.layerName(), shortName, p.role(), p.isOutputLayer(), p.value());
            penalty.addGradient(scratch, ctx);
            double[] term = scratch.gradient().data();
            double[] g = p.gradient().data();
            for (int i = 0; i < g.length; i++) {
                g[i] += s * term[i];
            }
        }
    }

    @Override
    public void afterStep(Parameter p, double learningRate, PenaltyContext ctx) {
        double s = factor(ctx);
        if (s > 0) {
            penalty.afterStep(p, s * learningRate, ctx);
        }
    }

    @Override
    public String toString() {
        return "PenaltySchedule(penalty=" + penalty + ",startFactor=" + startFactor + ",delayEpochs=" + delayEpochs
                + ",rampEpochs=" + rampEpochs + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Penalty");
    }
}
