package org.occam.core.nn;

import org.occam.core.math.Matrix;

/**
 * A single logistic output unit with binary cross-entropy, on logits z and targets t ∈ [0, 1] (the
 * probability of the positive class; soft targets as label smoothing and mixup produce), one
 * column, mean over the rows:
 * <pre>
 * ℓ(z, t) = −t·log σ(z) − (1 − t)·log(1 − σ(z)) = max(z, 0) − t·z + log(1 + e^{−|z|})
 * ∂ℓ/∂z  = σ(z) − t
 * </pre>
 * Equals scikit-learn's {@code MLPClassifier} on a binary problem (logistic output, log-loss),
 * Keras' {@code Dense(1, activation="sigmoid")} with {@code BinaryCrossentropy}, and PyTorch's
 * {@code BCEWithLogitsLoss}.
 */
public final class SigmoidBinaryCrossEntropy implements Loss {

    /** Creates the loss. */
    public SigmoidBinaryCrossEntropy() {}

    @Override
    public double lossAndGradient(Matrix output, Matrix target, Matrix gradient) {
        Loss.checkShapes(output, target, gradient);
        if (output.cols() != 1) {
            throw new IllegalArgumentException("a logistic head has one output column, found " + output.cols());
        }
        double[] z = output.data();
        double[] t = target.data();
        double[] g = gradient == null ? null : gradient.data();
        int rows = output.rows();
        double invRows = 1.0 / rows;
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            total += Math.max(z[r], 0.0) - t[r] * z[r] + Math.log1p(Math.exp(-Math.abs(z[r])));
            if (g != null) {
                g[r] = (Activation.sigmoid(z[r]) - t[r]) * invRows;
            }
        }
        return total * invRows;
    }

    /** Logits become σ(z), the probability of the positive class. */
    @Override
    public void toPredictionsInPlace(Matrix output) {
        double[] z = output.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = Activation.sigmoid(z[i]);
        }
    }
}
