package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.PenaltyContext;

import java.util.List;

/**
 * Decoupled weight decay (Loshchilov &amp; Hutter 2019): after each optimizer step the selected
 * weights shrink, {@code w ← (1 − η·λ)·w}, outside the gradient, so an adaptive optimizer's
 * denominator never sees it. The shrink acts on the weights the step has already moved, so one
 * step is {@code w ← (1 − ηλ)·(w − η·u)} for the optimizer's update u, whereas AdamW as published
 * (and PyTorch's {@code AdamW(weight_decay=λ)}, and Occam's {@code AdamW}) shrinks the weights
 * before the step, {@code w ← (1 − ηλ)·w − η·u}; the two differ by η²λ·u per step. So with
 * {@code Adam} this is AdamW restricted to a scope (by default hidden-layer weights only; PyTorch
 * decays every tensor), and with plain SGD the PYTORCH-convention {@link L2}, to first order in η.
 * <p>
 * λ here is per unit learning rate and has no convention. It adds no term to the loss, so its
 * reported loss is 0.
 * <pre>
 * Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
 * </pre>
 */
public final class DecoupledWeightDecay extends AbstractScopedPenalty {
    @Config(description = "Decay λ per unit learning rate: w ← (1 − ηλ)w after each step (finite, ≥ 0).")
    private double lambda = 0.01;

    /** For OLCUT. */
    private DecoupledWeightDecay() {}

    /**
     * On hidden-layer weights.
     * @param lambda λ
     */
    public DecoupledWeightDecay(double lambda) {
        this(lambda, false, false, List.of());
    }

    /**
     * @param lambda λ
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layers exactly these layers, if not empty
     */
    public DecoupledWeightDecay(double lambda, boolean includeOutputLayer, boolean includeBiases, List<String> layers) {
        this.lambda = lambda;
        setScope(includeOutputLayer, includeBiases, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        checkNonNegative("lambda", lambda);
    }

    /** @return λ */
    public double lambda() {
        return lambda;
    }

    /** @return false: the decay is ηλ, with no n or b */
    @Override
    public boolean usesDatasetSize() {
        return false;
    }

    @Override
    public boolean actsAfterStep() {
        return true;
    }

    @Override
    public double loss(Parameter p, PenaltyContext ctx) {
        return 0.0;
    }

    @Override
    public void addGradient(Parameter p, PenaltyContext ctx) {
        // decoupled: nothing goes through the gradient
    }

    @Override
    public void afterStep(Parameter p, double learningRate, PenaltyContext ctx) {
        PenaltyKernels.shrinkInPlace(p.value().data(), learningRate * lambda);
    }

    @Override
    public String toString() {
        return "DecoupledWeightDecay(lambda=" + lambda + "," + scopeString() + ")";
    }
}
