package org.occam.core.train;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Adam;
import org.occam.core.protos.LayerProto;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's bits do not depend on how its minibatches are executed: one thread (whole batch), two
 * threads (data-parallel, both parts at once), and a network with an extra identity layer (which
 * is always executed whole) train to the same parameters, for batch sizes around the gradient's
 * reduction block and a short last batch.
 */
public class SplitIndependentNumericsTest {
    private static final int ROWS = 203;

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    /** y = x, nothing stored, no parameters: a layer the data-parallel pass does not know. */
    private static final class Identity implements Layer {
        private final int width;

        Identity(int width) {
            this.width = width;
        }

        @Override
        public String name() {
            return "identity";
        }

        @Override
        public int inputWidth() {
            return width;
        }

        @Override
        public int outputWidth() {
            return width;
        }

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            return input;
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            return gradOutput;
        }

        @Override
        public LayerProto toProto() {
            throw new UnsupportedOperationException();
        }
    }

    private static List<Matrix> train(int threads, boolean identity, int batch) {
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setBackOff(false);                // two threads at every step where there are two
        SplittableRandom data = new SplittableRandom(99);
        int features = 13;
        Matrix x = new Matrix(ROWS, features);
        Matrix y = new Matrix(ROWS, 3);
        for (int i = 0; i < ROWS; i++) {
            double s = 0;
            for (int f = 0; f < features; f++) {
                double v = data.nextGaussian();
                x.set(i, f, v);
                s += v * (f % 3 - 1);
            }
            y.set(i, s > 0.5 ? 0 : s < -0.5 ? 1 : 2, 1.0);
        }
        SplittableRandom rng = new SplittableRandom(2024);
        Network net = MlpBuilder.build(features, new int[]{37, 21}, Activation.RELU, 3, Initializer.HE_UNIFORM,
                List.of(), rng.split());
        if (identity) {
            List<Layer> layers = new ArrayList<>(net.layers());
            layers.add(2, new Identity(37));           // after hidden1's activation
            net = new Network(features, layers);
            assertTrue(DataParallelPass.forNetwork(net) == null, "the identity layer makes the batch run whole");
        }
        TrainingPlan plan = new TrainingPlan(3, batch, true, false, new Adam(0.01),
                List.of(), List.of(), List.of(), List.of(), List.of());
        new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), x, y, null, null, rng.split()).run();
        return net.snapshot();
    }

    @ParameterizedTest
    @ValueSource(ints = {Dense.REDUCTION_BLOCK - 1, Dense.REDUCTION_BLOCK, Dense.REDUCTION_BLOCK + 1,
            2 * Dense.REDUCTION_BLOCK + 1, 100})
    public void oneThreadTwoThreadsAndAnIdentityLayerGiveTheSameBits(int batch) {
        assertTrue(ROWS % batch != 0, "the last batch is short");
        List<Matrix> one = train(1, false, batch);
        long pairs = ThreadPolicy.concurrentPairs();
        List<Matrix> two = train(2, false, batch);
        if (batch > Dense.REDUCTION_BLOCK) {
            // The caller takes back a half the worker has not started in time, so on a loaded machine a
            // short training can end with no concurrent pair; the bits are the same either way. Train
            // again (same bits, checked) until the worker has taken part at least once.
            for (int attempt = 0; attempt < 50 && ThreadPolicy.concurrentPairs() == pairs; attempt++) {
                List<Matrix> again = train(2, false, batch);
                for (int i = 0; i < one.size(); i++) {
                    assertArrayEquals(one.get(i).data(), again.get(i).data(), "two threads, again, parameter " + i);
                }
            }
            assertTrue(ThreadPolicy.concurrentPairs() > pairs, "a worker thread computed part of some batch");
        }
        List<Matrix> withIdentity = train(1, true, batch);
        List<Matrix> withIdentityTwo = train(2, true, batch);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).data(), two.get(i).data(), "two threads, parameter " + i);
            assertArrayEquals(one.get(i).data(), withIdentity.get(i).data(), "identity layer, parameter " + i);
            assertArrayEquals(one.get(i).data(), withIdentityTwo.get(i).data(), "identity layer, two threads, parameter " + i);
        }
    }
}
