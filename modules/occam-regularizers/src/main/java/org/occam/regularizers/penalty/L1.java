package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.PenaltyContext;

import java.util.List;

/**
 * L1 penalty (lasso): adds {@code c·Σ|w|} to the minibatch mean loss, with c from the λ convention
 * (DATASET: λ/2n as the seed notes write it; KERAS: λ, as {@code regularizers.l1(λ)}; SKLEARN: λ/2b;
 * PYTORCH: λ/2). Two update modes:
 * <ul>
 *   <li>{@code SUBGRADIENT} (default, as Keras and PyTorch): the gradient gets {@code c·sign(w)};
 *       weights oscillate around zero and practically never reach it exactly.</li>
 *   <li>{@code PROXIMAL}: no gradient term; after each optimizer step the weights are
 *       soft-thresholded, {@code w ← sign(w)·max(|w| − η·c, 0)} (ISTA, the proximal operator of
 *       η·c·Σ|w|), which drives weights to exact zeros. With adaptive optimizers η is the scheduled
 *       base rate, not the per-coordinate rate.</li>
 * </ul>
 * The reported loss is c·Σ|w| in both modes. Default λ = 0.01, scope: hidden-layer weights only.
 * <pre>
 * Tibshirani, "Regression Shrinkage and Selection via the Lasso", JRSS B 1996.
 * Beck &amp; Teboulle, "A Fast Iterative Shrinkage-Thresholding Algorithm", SIAM J. Imaging Sci. 2009.
 * </pre>
 */
public final class L1 extends AbstractScopedPenalty {
    /** How the L1 term updates the weights. */
    public enum Update {
        /** c·sign(w) added to the gradient. */
        SUBGRADIENT,
        /** Soft-thresholding after the optimizer step. */
        PROXIMAL
    }

    @Config(description = "Regularization strength λ (finite, ≥ 0).")
    private double lambda = 0.01;

    @Config(description = "What λ means: DATASET (λ/2n), KERAS (λ), SKLEARN (λ/2b) or PYTORCH (λ/2).")
    private LambdaConvention convention = LambdaConvention.DATASET;

    @Config(description = "SUBGRADIENT (c·sign(w) in the gradient) or PROXIMAL (soft-threshold after the step).")
    private Update mode = Update.SUBGRADIENT;

    /** For OLCUT. */
    private L1() {}

    /**
     * L1 on hidden-layer weights.
     * @param lambda λ
     * @param convention the λ convention
     * @param mode subgradient or proximal
     */
    public L1(double lambda, LambdaConvention convention, Update mode) {
        this(lambda, convention, mode, false, false, List.of());
    }

    /**
     * @param lambda λ
     * @param convention the λ convention
     * @param mode subgradient or proximal
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layers exactly these layers, if not empty
     */
    public L1(double lambda, LambdaConvention convention, Update mode, boolean includeOutputLayer, boolean includeBiases,
              List<String> layers) {
        this.lambda = lambda;
        this.convention = convention;
        this.mode = mode;
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
        if (mode == null) {
            throw new PropertyException("", "mode", "expected SUBGRADIENT or PROXIMAL, found null");
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

    /** @return the update mode */
    public Update mode() {
        return mode;
    }

    /**
     * @param ctx the step's sizes
     * @return the coefficient c of Σ|w|
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
        return mode == Update.PROXIMAL;
    }

    @Override
    public double loss(Parameter p, PenaltyContext ctx) {
        return PenaltyKernels.l1Loss(p.value().data(), coefficient(ctx));
    }

    @Override
    public void addGradient(Parameter p, PenaltyContext ctx) {
        if (mode == Update.SUBGRADIENT) {
            PenaltyKernels.addL1Subgradient(p.value().data(), p.gradient().data(), coefficient(ctx));
        }
    }

    @Override
    public void afterStep(Parameter p, double learningRate, PenaltyContext ctx) {
        if (mode == Update.PROXIMAL) {
            PenaltyKernels.softThresholdInPlace(p.value().data(), learningRate * coefficient(ctx));
        }
    }

    @Override
    public String toString() {
        return "L1(lambda=" + lambda + ",convention=" + convention + ",mode=" + mode + "," + scopeString() + ")";
    }
}
