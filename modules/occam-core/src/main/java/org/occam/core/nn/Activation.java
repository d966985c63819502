package org.occam.core.nn;

import org.occam.core.math.Elementwise;

/**
 * Element-wise activation functions of hidden layers, with their derivatives.
 * <pre>
 * RELU        y = max(0, z)                         y' = [z &gt; 0]
 * LEAKY_RELU  y = z if z &gt; 0 else 0.01·z             y' = 1 or 0.01   (PyTorch's default slope)
 * ELU         y = z if z &gt; 0 else e^z − 1           y' = 1 or y + 1  (α = 1, Clevert et al. 2016)
 * SELU        y = λ·(z if z &gt; 0 else α(e^z − 1))     y' = λ or y + λα (Klambauer et al. 2017)
 * TANH        y = tanh z                            y' = 1 − y²
 * SIGMOID     y = 1 / (1 + e^−z)                    y' = y(1 − y)
 * LINEAR      y = z                                 y' = 1
 * </pre>
 * At the kinks (z = 0) the derivative of the right-hand piece is not used: RELU and LEAKY_RELU
 * take the left one, as Keras and PyTorch do.
 */
public enum Activation {
    /** Rectified linear unit. */
    RELU,
    /** Leaky ReLU with negative slope 0.01. */
    LEAKY_RELU,
    /** Exponential linear unit, α = 1. */
    ELU,
    /** Scaled ELU with the self-normalizing constants. */
    SELU,
    /** Hyperbolic tangent. */
    TANH,
    /** Logistic sigmoid. */
    SIGMOID,
    /** Identity. */
    LINEAR;

    /** Negative-side slope of {@link #LEAKY_RELU}. */
    public static final double LEAKY_SLOPE = 0.01;
    /** SELU's α. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's λ (scale). */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    /**
     * Applies the function element-wise.
     * @param z pre-activations
     * @param y outputs, may be the same array as z
     * @param n number of values
     */
    public void apply(double[] z, double[] y, int n) {
        switch (this) {
            case RELU:
                Elementwise.relu(z, y, n);          // Math.max(z, 0.0): NaN stays NaN, −0 becomes +0
                break;
            case LEAKY_RELU:
                for (int i = 0; i < n; i++) {
                    y[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i];
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    y[i] = z[i] > 0 ? z[i] : Math.expm1(z[i]);
                }
                break;
            case SELU:
                for (int i = 0; i < n; i++) {
                    y[i] = SELU_SCALE * (z[i] > 0 ? z[i] : SELU_ALPHA * Math.expm1(z[i]));
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    y[i] = Math.tanh(z[i]);
                }
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    y[i] = sigmoid(z[i]);
                }
                break;
            case LINEAR:
                if (y != z) {
                    System.arraycopy(z, 0, y, 0, n);
                }
                break;
            default:
                throw new IllegalStateException("unknown activation " + this);
        }
    }

    /**
     * Multiplies an upstream gradient by the derivative: {@code gz = gy · y'(z)}.
     * @param z pre-activations of the forward pass
     * @param y outputs of the forward pass
     * @param gy ∂L/∂y
     * @param gz ∂L/∂z, written (may be the same array as gy)
     * @param n number of values
     */
    public void backward(double[] z, double[] y, double[] gy, double[] gz, int n) {
        switch (this) {
            case RELU:
                Elementwise.reluBackward(z, gy, gz, n);
                break;
            case LEAKY_RELU:
                for (int i = 0; i < n; i++) {
                    gz[i] = z[i] > 0 ? gy[i] : LEAKY_SLOPE * gy[i];
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    gz[i] = z[i] > 0 ? gy[i] : gy[i] * (y[i] + 1.0);
                }
                break;
            case SELU:
                for (int i = 0; i < n; i++) {
                    gz[i] = z[i] > 0 ? gy[i] * SELU_SCALE : gy[i] * (y[i] + SELU_SCALE * SELU_ALPHA);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    gz[i] = gy[i] * (1.0 - y[i] * y[i]);
                }
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    gz[i] = gy[i] * y[i] * (1.0 - y[i]);
                }
                break;
            case LINEAR:
                if (gz != gy) {
                    System.arraycopy(gy, 0, gz, 0, n);
                }
                break;
            default:
                throw new IllegalStateException("unknown activation " + this);
        }
    }

    /** @return true if the ReLU family, where "dead unit" statistics make sense */
    public boolean isRectifier() {
        return this == RELU || this == LEAKY_RELU;
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
