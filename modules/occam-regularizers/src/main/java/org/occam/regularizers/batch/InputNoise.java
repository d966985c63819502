package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

/**
 * Additive Gaussian input noise: every input value of a training minibatch gets its own draw,
 * <pre>
 * x̃_ij = x_ij + σ·z_ij,   z_ij ~ N(0, 1) independent
 * </pre>
 * so E[x̃] = x and Var[x̃ − x] = σ². Targets are unchanged. Training only (hook 1 never runs at
 * inference), which is what Keras' {@code GaussianNoise} layer does at inference too. σ is in the
 * units the network sees, i.e. of the standardized features in Occam's experiments. σ = 0 gives an
 * unchanged copy. Noise injection is equivalent, to first order, to a Tikhonov penalty on the
 * input–output Jacobian (Bishop 1995).
 * <p>
 * Default σ = 0.1. Keras: {@code keras.layers.GaussianNoise(stddev=σ)} as the first layer (Keras
 * has no default and accepts a negative stddev; here σ must be finite and ≥ 0). PyTorch has no
 * layer; {@code x + σ * torch.randn_like(x)} in the training step.
 * <pre>
 * Bishop, "Training with Noise is Equivalent to Tikhonov Regularization", Neural Computation 7(1), 1995.
 * Sietsma &amp; Dow, "Creating artificial neural networks that generalize", Neural Networks 4(1), 1991.
 * </pre>
 */
public final class InputNoise implements BatchTransform {
    @Config(description = "Standard deviation σ of the additive Gaussian noise, in units of the network's (standardized) inputs; finite, ≥ 0.")
    private double stddev = 0.1;

    /** For OLCUT. */
    private InputNoise() {}

    /**
     * @param stddev σ, finite and ≥ 0
     */
    public InputNoise(double stddev) {
        this.stddev = stddev;
        postConfig();
    }

    @Override
    public void postConfig() {
        PropertyChecks.nonNegative("stddev", stddev);
    }

    /** @return σ */
    public double stddev() {
        return stddev;
    }

    /**
     * The kernel: x + σ·z, row by row, one standard normal per value in row-major order.
     * @param inputs the inputs, not modified
     * @param stddev σ
     * @param rng the source of randomness
     * @return a new matrix
     */
    public static Matrix addNoise(Matrix inputs, double stddev, SplittableRandom rng) {
        Matrix out = inputs.copy();
        if (stddev == 0) {
            return out;
        }
        double[] x = out.data();
        for (int i = 0; i < x.length; i++) {
            x[i] += stddev * rng.nextGaussian();
        }
        return out;
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        return new Batch(addNoise(batch.inputs(), stddev, rng), batch.targets().copy());
    }

    @Override
    public String toString() {
        return "InputNoise(stddev=" + stddev + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "BatchTransform");
    }
}
