package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch normalization: each feature is standardized with the minibatch's mean and (biased)
 * variance in training, and with running averages of them in inference; a learnable scale γ and
 * shift β follow.
 * <pre>
 * TRAIN   y = γ·(x − μ_B)/√(σ²_B + ε) + β         μ_B, σ²_B: per-feature batch mean and biased variance
 *         runningMean     ← d·runningMean     + (1 − d)·μ_B
 *         runningVariance ← d·runningVariance + (1 − d)·σ²_B        d = runningAverageDecay
 * INFER   y = γ·(x − runningMean)/√(runningVariance + ε) + β      (deterministic, nothing updated)
 * </pre>
 * The backward pass goes through μ_B and σ²_B. γ and β are trained parameters of role OTHER (weight
 * penalties leave them alone by default); the running statistics are buffers saved with the model.
 * <p>
 * Defaults: d = 0.99, ε = 1e-3, before each hidden activation (between the dense product and the
 * activation, as in the paper), every hidden layer. {@code runningAverageDecay} is Keras'
 * {@code BatchNormalization(momentum=d, epsilon=ε)}; PyTorch's {@code BatchNorm1d(momentum=m, eps=ε)}
 * weights the <em>new</em> batch, so m = 1 − d (PyTorch's defaults are m = 0.1, i.e. d = 0.9, and
 * ε = 1e-5), and PyTorch feeds the unbiased batch variance into its running variance where Keras
 * and Occam use the biased one.
 * <pre>
 * Ioffe &amp; Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing
 * Internal Covariate Shift", ICML 2015.
 * </pre>
 */
public final class BatchNormalization extends AbstractLayerPlugin {
    /** The default running-average decay (Keras' momentum). */
    public static final double DEFAULT_RUNNING_AVERAGE_DECAY = 0.99;
    /** The default ε (Keras'). */
    public static final double DEFAULT_EPSILON = 1e-3;

    @Config(description = "Weight d ∈ [0, 1) of the old running statistics: new = d·old + (1 − d)·batch "
            + "(Keras momentum; PyTorch momentum = 1 − d).")
    private double runningAverageDecay = DEFAULT_RUNNING_AVERAGE_DECAY;

    @Config(description = "ε > 0 added to the variance before the square root.")
    private double epsilon = DEFAULT_EPSILON;

    /** For OLCUT. */
    private BatchNormalization() {
        super(LayerSlot.Position.BEFORE_ACTIVATION);
    }

    /**
     * Batch normalization before every hidden activation.
     * @param runningAverageDecay d ∈ [0, 1)
     * @param epsilon ε &gt; 0
     */
    public BatchNormalization(double runningAverageDecay, double epsilon) {
        this(runningAverageDecay, epsilon, LayerSlot.Position.BEFORE_ACTIVATION, List.of());
    }

    /**
     * @param runningAverageDecay d ∈ [0, 1)
     * @param epsilon ε &gt; 0
     * @param position where in each hidden block
     * @param layers the hidden layers to apply it to, or empty for all
     */
    public BatchNormalization(double runningAverageDecay, double epsilon, LayerSlot.Position position, List<String> layers) {
        super(LayerSlot.Position.BEFORE_ACTIVATION);
        this.runningAverageDecay = runningAverageDecay;
        this.epsilon = epsilon;
        setPlacement(position, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(runningAverageDecay >= 0 && runningAverageDecay < 1)) {
            throw new PropertyException("", "runningAverageDecay", "expected runningAverageDecay in [0, 1), found " + runningAverageDecay);
        }
        checkEpsilon(epsilon);
    }

    /**
     * @param epsilon a configured ε
     * @throws PropertyException naming {@code epsilon} unless ε is finite and &gt; 0
     */
    static void checkEpsilon(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new PropertyException("", "epsilon", "expected a finite epsilon > 0, found " + epsilon);
        }
    }

    /** @return d */
    public double runningAverageDecay() {
        return runningAverageDecay;
    }

    /** @return ε */
    public double epsilon() {
        return epsilon;
    }

    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        return new BatchNormalizationLayer(name, slot.width(), epsilon, runningAverageDecay);
    }

    @Override
    public String toString() {
        return "BatchNormalization(runningAverageDecay=" + runningAverageDecay + ",epsilon=" + epsilon + "," + placementString() + ")";
    }
}
