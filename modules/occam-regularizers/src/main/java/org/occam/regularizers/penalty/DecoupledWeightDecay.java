package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.PenaltyContext;

import java.util.List;

/**
 * Decoupled weight decay (Loshchilov &amp; Hutter 2019): after each optimizer step the selected
 * weights shrink, {@code w ← (1 − η·λ)·w}, outside the gradient, so an adaptive optimizer's
 * denominator never sees it. With {@code Adam} this is AdamW restricted to a scope (PyTorch's
 * {@code AdamW(weight_decay=λ)} decays every tensor; this one, by default, hidden-layer weights only).
 * With plain SGD it equals the PYTORCH-convention {@link L2}.
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
