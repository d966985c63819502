package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;

import java.util.List;

/**
 * L2 penalty (ridge, "weight decay" in its coupled form): adds {@code c·Σw²} to the minibatch mean
 * loss and {@code 2c·w} to the gradient, where c depends on the λ convention:
 * <pre>
 * DATASET (default)  c = λ/2n   C = C0 + (λ/2n)Σw²; SGD step w ← (1 − ηλ/n)w − η∂C0/∂w
 * KERAS              c = λ      Keras regularizers.l2(λ)
 * SKLEARN            c = λ/2b   scikit-learn MLPClassifier(alpha=λ)
 * PYTORCH            c = λ/2    torch.optim.SGD(weight_decay=λ)
 * </pre>
 * n is the training-set size, b the current batch size. Default λ = 0.01 (the seed notes: tune in
 * 0.001–0.1), scope: hidden-layer weights only.
 * <pre>
 * Krogh &amp; Hertz, "A Simple Weight Decay Can Improve Generalization", NIPS 1991.
 * </pre>
 */
public final class L2 extends AbstractScopedPenalty {
    @Config(description = "Regularization strength λ (finite, ≥ 0).")
    private double lambda = 0.01;

    @Config(description = "What λ means: DATASET (λ/2n), KERAS (λ), SKLEARN (λ/2b) or PYTORCH (λ/2).")
    private LambdaConvention convention = LambdaConvention.DATASET;

    /** For OLCUT. */
    private L2() {}

    /**
     * L2 on hidden-layer weights.
     * @param lambda λ
     * @param convention the λ convention
     */
    public L2(double lambda, LambdaConvention convention) {
        this(lambda, convention, false, false, List.of());
    }

    /**
     * @param lambda λ
     * @param convention the λ convention
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layers exactly these layers, if not empty
     */
    public L2(double lambda, LambdaConvention convention, boolean includeOutputLayer, boolean includeBiases, List<String> layers) {
        this.lambda = lambda;
        this.convention = convention;
        setScope(includeOutputLayer, includeBiases, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        checkNonNegative("lambda", lambda);
        if (convention == null) {
            throw new PropertyException("", "convention", "expected one of DATASET, KERAS, SKLEARN, PYTORCH, found null");
        }
    }

    /** @return λ */
    public double lambda() {
        return lambda;
    }

    /** @return the convention */
    public LambdaConvention convention() {
        return convention;
    }

    /**
     * @param ctx the step's sizes
     * @return the coefficient c of Σw²
     */
    public double coefficient(PenaltyContext ctx) {
        return convention.coefficient(lambda, ctx.datasetSize(), ctx.batchSize());
    }

    @Override
    public boolean usesDatasetSize() {
        return convention == LambdaConvention.DATASET;
    }

    @Override
    public boolean actsAfterStep() {
        return false;
    }

    @Override
    public double loss(Parameter p, PenaltyContext ctx) {
        return PenaltyKernels.l2Loss(p.value().data(), coefficient(ctx));
    }

    @Override
    public void addGradient(Parameter p, PenaltyContext ctx) {
        PenaltyKernels.addL2Gradient(p.value().data(), p.gradient().data(), coefficient(ctx));
    }

    /**
     * One pass: the loss's sum of squares and the gradient's {@code g += 2c·w}, same bits as the two
     * calls; a {@linkplain Parameter#discardGradient() discarded} gradient is written whole
     * ({@code g = 0 + 2c·w}) instead of being zeroed first.
     */
    @Override
    public double lossAndAddGradient(Parameter p, PenaltyContext ctx) {
        boolean discarded = p.takeDiscardedGradient();
        return PenaltyKernels.l2LossAndAddGradient(p.value().data(), p.gradient().data(), discarded, coefficient(ctx));
    }

    /**
     * Two tensors at a time in one loop: each one's sum of squares is a chain of dependent additions
     * (what bounds the time), and two independent chains run side by side; each chain and each gradient
     * element is computed exactly as {@link #lossAndAddGradient} computes it, and the terms are added
     * in order, so the bits are those of the default (discarded gradients written whole, as there).
     */
    @Override
    public double lossAndAddGradients(List<Parameter> selected, PenaltyContext ctx) {
        double c = coefficient(ctx);
        double l = 0;
        double[] pair = new double[2];
        int i = 0;
        for (; i + 1 < selected.size(); i += 2) {
            Parameter a = selected.get(i);
            Parameter b = selected.get(i + 1);
            boolean aDiscarded = a.takeDiscardedGradient();
            boolean bDiscarded = b.takeDiscardedGradient();
            PenaltyKernels.l2LossAndAddGradient2(a.value().data(), a.gradient().data(), aDiscarded, b.value().data(),
                    b.gradient().data(), bDiscarded, c, pair);
            l += pair[0];
            l += pair[1];
        }
        if (i < selected.size()) {
            Parameter p = selected.get(i);
            boolean discarded = p.takeDiscardedGradient();
            l += PenaltyKernels.l2LossAndAddGradient(p.value().data(), p.gradient().data(), discarded, c);
        }
        return l;
    }

    /** c: {@link #lossAndAddGradients} is the form {@link Penalty#squaredNormCoefficient} describes. */
    @Override
    public double squaredNormCoefficient(PenaltyContext ctx) {
        return coefficient(ctx);
    }

    @Override
    public String toString() {
        return "L2(lambda=" + lambda + ",convention=" + convention + "," + scopeString() + ")";
    }
}
