package org.occam.regularizers.penalty;

import java.util.function.DoubleConsumer;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.PenaltyContext;

import java.util.List;

/**
 * Decoupled weight decay (Loshchilov &amp; Hutter 2019): the selected weights shrink by ηλ at each
 * optimizer step, outside the gradient, so an adaptive optimizer's denominator never sees it. Two
 * orders, for the optimizer's update u:
 * <pre>
 * AFTER_STEP  (default)  w ← (1 − ηλ)·(w − η·u)     the shrink acts on the stepped weights
 * BEFORE_STEP            w ← (1 − ηλ)·w − η·u       AdamW as published, PyTorch's AdamW(weight_decay=λ),
 *                                                    Keras' weight_decay, and Occam's AdamW
 * </pre>
 * They differ by η²λ·u per step. With {@code Adam}, BEFORE_STEP is AdamW restricted to a scope (by
 * default hidden-layer weights only; PyTorch decays every tensor); with plain SGD, BEFORE_STEP is
 * exactly the PYTORCH-convention {@link L2} step and AFTER_STEP equals it to first order in η.
 * <p>
 * λ here is per unit learning rate and has no convention. It adds no term to the loss, so its
 * reported loss is 0.
 * <pre>
 * Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
 * </pre>
 */
public final class DecoupledWeightDecay extends AbstractScopedPenalty {
    @Config(description = "Decay λ per unit learning rate: w ← (1 − ηλ)w at each step (finite, ≥ 0).")
    private double lambda = 0.01;

    @Config(description = "AFTER_STEP: w ← (1 − ηλ)(w − ηu); BEFORE_STEP: w ← (1 − ηλ)w − ηu (PyTorch's and Keras' form).")
    private Order order = Order.AFTER_STEP;

    /** Whether the shrink acts on the weights after or before the optimizer's update. */
    public enum Order {
        /** w ← (1 − ηλ)·(w − η·u). */
        AFTER_STEP,
        /** w ← (1 − ηλ)·w − η·u. */
        BEFORE_STEP
    }

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
        this(lambda, Order.AFTER_STEP, includeOutputLayer, includeBiases, layers);
    }

    /**
     * @param lambda λ
     * @param order whether the shrink acts after or before the optimizer's update
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layers exactly these layers, if not empty
     */
    public DecoupledWeightDecay(double lambda, Order order, boolean includeOutputLayer, boolean includeBiases, List<String> layers) {
        this.lambda = lambda;
        this.order = order;
        setScope(includeOutputLayer, includeBiases, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        checkNonNegative("lambda", lambda);
        if (order == null) {
            throw new PropertyException("", "order", "expected AFTER_STEP or BEFORE_STEP, found null");
        }
    }

    /** @return the order of shrink and update */
    public Order order() {
        return order;
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

    /** BEFORE_STEP: keeps the weights before the step and, once it is done, subtracts ηλ·w_before. */
    @Override
    public DoubleConsumer beforeStep(Parameter p, PenaltyContext ctx) {
        if (order != Order.BEFORE_STEP) {
            return null;
        }
        double[] before = p.value().data().clone();
        return learningRate -> {
            double c = learningRate * lambda;
            double[] w = p.value().data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= c * before[i];
            }
        };
    }

    /** AFTER_STEP: w ← (1 − ηλ)·w on the stepped weights. */
    @Override
    public void afterStep(Parameter p, double learningRate, PenaltyContext ctx) {
        if (order == Order.AFTER_STEP) {
            PenaltyKernels.shrinkInPlace(p.value().data(), learningRate * lambda);
        }
    }

    @Override
    public String toString() {
        return "DecoupledWeightDecay(lambda=" + lambda + ",order=" + order + "," + scopeString() + ")";
    }
}
