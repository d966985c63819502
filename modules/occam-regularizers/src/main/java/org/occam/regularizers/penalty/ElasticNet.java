package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.PenaltyContext;

import java.util.List;

/**
 * Elastic net: the sum of an L1 and an L2 term, {@code c₁·Σ|w| + c₂·Σw²}, with c₁ and c₂ given by
 * the λ convention from two strengths set either way:
 * <ul>
 *   <li>{@code lambda} and {@code l1Ratio} ρ (scikit-learn's form): λ₁ = ρλ, λ₂ = (1 − ρ)λ;
 *       defaults λ = 0.01, ρ = 0.5;</li>
 *   <li>{@code l1Lambda} and {@code l2Lambda} directly (Keras' {@code L1L2(l1, l2)} form).</li>
 * </ul>
 * Setting both forms is an error. The L1 part uses the subgradient c₁·sign(w).
 * <pre>
 * Zou &amp; Hastie, "Regularization and variable selection via the elastic net", JRSS B 2005.
 * </pre>
 */
public final class ElasticNet extends AbstractScopedPenalty {
    @Config(description = "Total strength λ (with l1Ratio); leave unset when using l1Lambda and l2Lambda. Default 0.01.")
    private double lambda = Double.NaN;

    @Config(description = "Share ρ ∈ [0, 1] of λ given to the L1 term; default 0.5.")
    private double l1Ratio = Double.NaN;

    @Config(description = "Strength of the L1 term (with l2Lambda, instead of lambda and l1Ratio).")
    private double l1Lambda = Double.NaN;

    @Config(description = "Strength of the L2 term (with l1Lambda, instead of lambda and l1Ratio).")
    private double l2Lambda = Double.NaN;

    @Config(description = "What λ means: DATASET (λ/2n), KERAS (λ), SKLEARN (λ/2b) or PYTORCH (λ/2).")
    private LambdaConvention convention = LambdaConvention.DATASET;

    private double effectiveL1;
    private double effectiveL2;

    /** For OLCUT. */
    private ElasticNet() {}

    /**
     * From λ and the L1 ratio, on hidden-layer weights.
     * @param lambda λ
     * @param l1Ratio ρ
     * @param convention the λ convention
     * @return the penalty
     */
    public static ElasticNet ofRatio(double lambda, double l1Ratio, LambdaConvention convention) {
        requireNumber("lambda", lambda);
        requireNumber("l1Ratio", l1Ratio);
        ElasticNet e = new ElasticNet();
        e.lambda = lambda;
        e.l1Ratio = l1Ratio;
        e.convention = convention;
        e.postConfig();
        return e;
    }

    /**
     * From two strengths, with a scope.
     * @param l1Lambda λ₁
     * @param l2Lambda λ₂
     * @param convention the λ convention
     * @param includeOutputLayer also the output layer
     * @param includeBiases also biases
     * @param layers exactly these layers, if not empty
     * @return the penalty
     */
    public static ElasticNet ofLambdas(double l1Lambda, double l2Lambda, LambdaConvention convention,
                                       boolean includeOutputLayer, boolean includeBiases, List<String> layers) {
        requireNumber("l1Lambda", l1Lambda);
        requireNumber("l2Lambda", l2Lambda);
        ElasticNet e = new ElasticNet();
        e.l1Lambda = l1Lambda;
        e.l2Lambda = l2Lambda;
        e.convention = convention;
        e.setScope(includeOutputLayer, includeBiases, layers);
        e.postConfig();
        return e;
    }

    /**
     * The fields start as NaN only so that postConfig can tell an unset field from a set one (OLCUT
     * 5.3.1's provenance cannot record a null {@code Double}); a NaN or ±Infinity can never be set:
     * configs are refused by {@code org.occam.experiments.ConfigChecks} and code by these factories.
     */
    private static void requireNumber(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new PropertyException("", name, "expected a finite number for " + name + ", found " + value);
        }
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (convention == null) {
            throw new PropertyException("", "convention", "expected one of DATASET, KERAS, SKLEARN, PYTORCH, found null");
        }
        boolean ratioForm = !Double.isNaN(lambda) || !Double.isNaN(l1Ratio);
        boolean twoLambdaForm = !Double.isNaN(l1Lambda) || !Double.isNaN(l2Lambda);
        if (ratioForm && twoLambdaForm) {
            throw new PropertyException("", twoLambdaForm && !Double.isNaN(l1Lambda) ? "l1Lambda" : "l2Lambda",
                    "set either lambda and l1Ratio, or l1Lambda and l2Lambda, not both; found lambda=" + lambda
                            + ", l1Ratio=" + l1Ratio + ", l1Lambda=" + l1Lambda + ", l2Lambda=" + l2Lambda);
        }
        if (twoLambdaForm) {
            if (Double.isNaN(l1Lambda) || Double.isNaN(l2Lambda)) {
                throw new PropertyException("", Double.isNaN(l1Lambda) ? "l1Lambda" : "l2Lambda",
                        "l1Lambda and l2Lambda must be set together, found l1Lambda=" + l1Lambda + ", l2Lambda=" + l2Lambda);
            }
            checkNonNegative("l1Lambda", l1Lambda);
            checkNonNegative("l2Lambda", l2Lambda);
            effectiveL1 = l1Lambda;
            effectiveL2 = l2Lambda;
        } else {
            double lam = Double.isNaN(lambda) ? 0.01 : lambda;
            double rho = Double.isNaN(l1Ratio) ? 0.5 : l1Ratio;
            checkNonNegative("lambda", lam);
            if (!(rho >= 0 && rho <= 1)) {
                throw new PropertyException("", "l1Ratio", "expected l1Ratio in [0, 1], found " + rho);
            }
            effectiveL1 = rho * lam;
            effectiveL2 = (1 - rho) * lam;
        }
    }

    /** @return λ₁, the strength of the L1 term */
    public double l1Strength() {
        return effectiveL1;
    }

    /** @return λ₂, the strength of the L2 term */
    public double l2Strength() {
        return effectiveL2;
    }

    /** @return the convention */
    public LambdaConvention convention() {
        return convention;
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
        double[] w = p.value().data();
        return PenaltyKernels.l1Loss(w, c(effectiveL1, ctx)) + PenaltyKernels.l2Loss(w, c(effectiveL2, ctx));
    }

    @Override
    public void addGradient(Parameter p, PenaltyContext ctx) {
        double[] w = p.value().data();
        double[] g = p.gradient().data();
        PenaltyKernels.addL1Subgradient(w, g, c(effectiveL1, ctx));
        PenaltyKernels.addL2Gradient(w, g, c(effectiveL2, ctx));
    }

    private double c(double strength, PenaltyContext ctx) {
        return convention.coefficient(strength, ctx.datasetSize(), ctx.batchSize());
    }

    @Override
    public String toString() {
        return "ElasticNet(l1Lambda=" + effectiveL1 + ",l2Lambda=" + effectiveL2 + ",convention=" + convention + "," + scopeString() + ")";
    }
}
