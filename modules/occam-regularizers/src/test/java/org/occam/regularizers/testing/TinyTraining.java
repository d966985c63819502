package org.occam.regularizers.testing;

import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.Penalty;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small end-to-end runs for the integration tests: a network from {@link MlpBuilder}, a
 * {@link TrainingLoop} with the plugins under test, on tiny synthetic data made here.
 */
public final class TinyTraining {
    private TinyTraining() {}

    /** A dataset: inputs and one-hot targets. */
    public record Data(Matrix x, Matrix y) {}

    /** What a run produced. */
    public record Result(Network network, TrainingHistory history) {}

    /** The plugins of a run, by hook. */
    public record Plugins(List<BatchTransform> batchTransforms, List<Penalty> penalties,
                          List<GradientTransform> gradientTransforms, List<Constraint> constraints) {
        /** @return a plan without plugins */
        public static Plugins none() {
            return new Plugins(List.of(), List.of(), List.of(), List.of());
        }

        /** @param t the batch transforms @return a plan with only those */
        public static Plugins withBatch(BatchTransform... t) {
            return new Plugins(List.of(t), List.of(), List.of(), List.of());
        }

        /** @param p the penalties @return a plan with only those */
        public static Plugins withPenalties(Penalty... p) {
            return new Plugins(List.of(), List.of(p), List.of(), List.of());
        }

        /** @param g the gradient transforms @return a plan with only those */
        public static Plugins withGradients(GradientTransform... g) {
            return new Plugins(List.of(), List.of(), List.of(g), List.of());
        }

        /** @param c the constraints @return a plan with only those */
        public static Plugins withConstraints(Constraint... c) {
            return new Plugins(List.of(), List.of(), List.of(), List.of(c));
        }
    }

    /**
     * Two Gaussian classes in {@code dims} dimensions, centred at −1 and +1 on every axis.
     * @param n rows
     * @param dims features
     * @param seed the generator's seed
     * @return inputs and one-hot targets (2 columns)
     */
    public static Data blobs(int n, int dims, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(n, dims);
        Matrix y = new Matrix(n, 2);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double centre = label == 0 ? -1 : 1;
            for (int j = 0; j < dims; j++) {
                x.set(i, j, centre + 0.8 * rng.nextGaussian());
            }
            y.set(i, label, 1.0);
        }
        return new Data(x, y);
    }

    /**
     * Tiny images of one channel: class 0 has a bright top half, class 1 a bright bottom half, plus
     * noise; left-right mirroring keeps the class.
     * @param n rows
     * @param side height and width
     * @param seed the generator's seed
     * @return inputs (n × side²) and one-hot targets (2 columns)
     */
    public static Data stripes(int n, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(n, side * side);
        Matrix y = new Matrix(n, 2);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            for (int r = 0; r < side; r++) {
                boolean top = r < side / 2;
                double v = (top == (label == 0)) ? 1.0 : -1.0;
                for (int c = 0; c < side; c++) {
                    x.set(i, r * side + c, v + 0.5 * rng.nextGaussian());
                }
            }
            y.set(i, label, 1.0);
        }
        return new Data(x, y);
    }

    /**
     * Trains a ReLU network with softmax cross-entropy and SGD (η = 0.05, momentum 0.9).
     * @param data the data
     * @param hidden hidden layer sizes
     * @param epochs epochs
     * @param plugins the plugins
     * @param seed the run's seed
     * @return the trained network and its history
     */
    public static Result train(Data data, int[] hidden, int epochs, Plugins plugins, long seed) {
        return train(data, new SoftmaxCrossEntropy(), hidden, epochs, new Sgd(0.05, 0.9, false), plugins, seed);
    }

    /**
     * @param data the data
     * @param loss the loss
     * @param hidden hidden layer sizes
     * @param epochs epochs
     * @param optimizer the optimizer
     * @param plugins the plugins
     * @param seed the run's seed
     * @return the trained network and its history
     */
    public static Result train(Data data, Loss loss, int[] hidden, int epochs, org.occam.core.spi.Optimizer optimizer,
                               Plugins plugins, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Network network = MlpBuilder.build(data.x().cols(), hidden, Activation.RELU, data.y().cols(),
                Initializer.HE_UNIFORM, List.of(), rng.split());
        TrainingPlan plan = new TrainingPlan(epochs, 16, true, false, optimizer, plugins.batchTransforms(),
                plugins.penalties(), plugins.gradientTransforms(), plugins.constraints(), List.of());
        TrainingHistory history = new TrainingLoop(network, loss, plan, EpochEvaluator.none(), data.x(), data.y(),
                null, null, rng.split()).run();
        return new Result(network, history);
    }

    /**
     * Every epoch's loss is finite and the last three epochs' mean data loss is below 0.8 times the
     * first epoch's.
     * @param history a run's history
     */
    public static void assertLossFiniteAndDecreasing(TrainingHistory history) {
        List<EpochRecord> epochs = history.epochs();
        for (EpochRecord r : epochs) {
            assertTrue(Double.isFinite(r.dataLoss()) && Double.isFinite(r.totalLoss()), "epoch " + r.epoch() + ": " + r);
        }
        double first = epochs.get(0).dataLoss();
        int n = epochs.size();
        double last = (epochs.get(n - 1).dataLoss() + epochs.get(n - 2).dataLoss() + epochs.get(n - 3).dataLoss()) / 3;
        assertTrue(last < 0.8 * first, "data loss went from " + first + " to " + last);
    }
}
