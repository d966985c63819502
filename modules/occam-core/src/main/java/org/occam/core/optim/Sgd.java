package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Parameter;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, in PyTorch's form:
 * <pre>
 * v ← μ·v + g
 * w ← w − η·v              (classical momentum)
 * w ← w − η·(g + μ·v)      (Nesterov)
 * </pre>
 * With μ = 0 this is plain SGD, w ← w − η·g. Equivalent to Keras' {@code SGD(momentum=μ)} for a
 * constant η.
 */
public final class Sgd extends AbstractOptimizer {
    @Config(description = "Momentum μ in [0, 1).")
    private double momentum = 0.0;

    @Config(description = "Use Nesterov momentum (needs momentum > 0).")
    private boolean nesterov = false;

    /** For OLCUT. */
    private Sgd() {}

    /**
     * Plain SGD.
     * @param learningRate η
     */
    public Sgd(double learningRate) {
        this(learningRate, 0.0, false);
    }

    /**
     * @param learningRate η
     * @param momentum μ
     * @param nesterov Nesterov momentum
     */
    public Sgd(double learningRate, double momentum, boolean nesterov) {
        this(learningRate, momentum, nesterov, new ConstantSchedule());
    }

    /**
     * @param learningRate η
     * @param momentum μ
     * @param nesterov Nesterov momentum
     * @param schedule learning-rate schedule
     */
    public Sgd(double learningRate, double momentum, boolean nesterov, LearningRateSchedule schedule) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.schedule = schedule;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(momentum >= 0 && momentum < 1)) {
            throw new PropertyException("", "momentum", "expected momentum in [0, 1), found " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new PropertyException("", "nesterov", "Nesterov momentum needs momentum > 0, found momentum = 0");
        }
    }

    @Override
    protected int stateArrays() {
        return momentum == 0 ? 0 : 1;
    }

    @Override
    protected void update(double[] w, double[] g, double[][] state, double eta, long t, int from, int to) {
        if (momentum == 0) {
            for (int i = from; i < to; i++) {
                w[i] -= eta * g[i];
            }
            return;
        }
        double[] v = state[0];
        for (int i = from; i < to; i++) {
            v[i] = momentum * v[i] + g[i];
            w[i] -= nesterov ? eta * (g[i] + momentum * v[i]) : eta * v[i];
        }
    }

    /**
     * Classical momentum in one loop with the seed ({@link org.occam.core.math.Elementwise#momentumStepAndSeed},
     * the bits of {@link #update} and then the seed); the other forms as the default.
     */
    @Override
    protected void updateAndSeed(Parameter a, double[][] aState, Parameter b, double[][] bState, double eta, long t,
                                 double k, double[] squares) {
        if (momentum == 0 || nesterov) {
            super.updateAndSeed(a, aState, b, bState, eta, t, k, squares);
            return;
        }
        org.occam.core.math.Elementwise.momentumStepAndSeed(a.value().data(), a.gradient().data(), aState[0],
                b == null ? null : b.value().data(), b == null ? null : b.gradient().data(), b == null ? null : bState[0],
                momentum, eta, k, squares);
    }

    @Override
    public String toString() {
        return "Sgd(learningRate=" + learningRate + ",momentum=" + momentum + ",nesterov=" + nesterov + ",schedule=" + schedule + ")";
    }
}
