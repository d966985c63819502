package org.occam.core.nn;

import org.occam.core.math.Matrix;

/**
 * Regression losses on residuals r = ŷ − y, summed over output dimensions and averaged over the
 * batch rows:
 * <pre>
 * SQUARED   ℓ = ½ Σ_d r_d²                                   ∂ℓ/∂ŷ_d = r_d
 * ABSOLUTE  ℓ = Σ_d |r_d|                                    ∂ℓ/∂ŷ_d = sign(r_d) (0 at 0)
 * HUBER     ℓ = Σ_d { ½ r_d²  if |r_d| ≤ δ;  δ(|r_d| − ½δ) }   ∂ℓ/∂ŷ_d = clamp(r_d, −δ, δ)
 * </pre>
 * The ½ in SQUARED matches Tribuo's {@code SquaredLoss} and scikit-learn's MLPRegressor (whose
 * loss is ½·mean r²); Keras' {@code mean_squared_error} is twice this for one output.
 */
public final class RegressionLoss implements Loss {

    /** The loss function. */
    public enum Kind {
        /** Half squared error. */
        SQUARED,
        /** Absolute error. */
        ABSOLUTE,
        /** Huber loss with threshold δ. */
        HUBER
    }

    private final Kind kind;
    private final double delta;

    /**
     * @param kind the function
     * @param delta Huber's threshold δ &gt; 0 (ignored by the others)
     */
    public RegressionLoss(Kind kind, double delta) {
        if (kind == Kind.HUBER && !(delta > 0 && Double.isFinite(delta))) {
            throw new IllegalArgumentException("Huber delta must be finite and > 0, found " + delta);
        }
        this.kind = kind;
        this.delta = delta;
    }

    @Override
    public double lossAndGradient(Matrix output, Matrix target, Matrix gradient) {
        Loss.checkShapes(output, target, gradient);
        double[] o = output.data();
        double[] t = target.data();
        double[] g = gradient == null ? null : gradient.data();
        double invRows = 1.0 / output.rows();
        double total = 0.0;
        for (int i = 0, n = o.length; i < n; i++) {
            double r = o[i] - t[i];
            double a = Math.abs(r);
            double grad;
            switch (kind) {
                case SQUARED:
                    total += 0.5 * r * r;
                    grad = r;
                    break;
                case ABSOLUTE:
                    total += a;
                    grad = Math.signum(r);
                    break;
                case HUBER:
                    if (a <= delta) {
                        total += 0.5 * r * r;
                        grad = r;
                    } else {
                        total += delta * (a - 0.5 * delta);
                        grad = Math.copySign(delta, r);
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown loss " + kind);
            }
            if (g != null) {
                g[i] = grad * invRows;
            }
        }
        return total * invRows;
    }

    @Override
    public String toString() {
        return kind == Kind.HUBER ? "Huber(δ=" + delta + ")" : kind.name();
    }
}
