package org.occam.core.train;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Gemm;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.nn.RegressionLoss;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-half training pass against the network's own one-pass forward and backward: the same
 * outputs bit for bit, the same gradients up to the order of the sum over rows, and the same bits
 * whether the halves run on one thread or two.
 */
public class DataParallelPassTest {

    @AfterEach
    void reset() {
        Gemm.setThreads(1);
        Gemm.setThreadBackOff(true);
    }

    private static Matrix gaussian(int rows, int cols, SplittableRandom r) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = r.nextGaussian();
        }
        return m;
    }

    private static Network network(long seed) {
        return MlpBuilder.build(11, new int[]{19, 9}, Activation.TANH, 3, Initializer.GLOROT_UNIFORM, List.of(),
                new SplittableRandom(seed));
    }

    /** Σ over rows of |terms| of one gradient entry is ≤ rows·max|g|·max|x|; rounding differences are ulps of that. */
    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(scale, 1e-300), what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 33, 64, 101})
    public void halvesGiveTheOnePassOutputsAndGradients(int rows) {
        SplittableRandom r = new SplittableRandom(rows);
        Matrix x = gaussian(rows, 11, r);
        Matrix y = new Matrix(rows, 3);
        for (int i = 0; i < rows; i++) {
            y.set(i, r.nextInt(3), 1.0);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        Network one = network(5);
        one.zeroGradients();
        Matrix outOne = one.forward(x, Mode.TRAIN).copy();
        Matrix gOne = new Matrix(rows, 3);
        double lossOne = loss.lossAndGradient(outOne, y, gOne);
        one.backward(gOne);

        Network two = network(5);
        two.zeroGradients();
        for (Parameter p : two.parameters()) {   // a penalty's term is already in the gradient before backward
            p.gradient().data()[0] = 0.25;
        }
        DataParallelPass pass = DataParallelPass.forNetwork(two);
        assertNotNull(pass);
        assertTrue(DataParallelPass.splits(rows));
        Matrix outTwo = pass.forward(x);
        assertArrayEquals(outOne.data(), outTwo.data(), "forward values are the one-pass values bit for bit");
        Matrix gTwo = new Matrix(rows, 3);
        assertEquals(lossOne, loss.lossAndGradient(outTwo, y, gTwo), 0.0);
        pass.backward(gTwo);
        for (int i = 0; i < one.parameters().size(); i++) {
            double[] expected = one.parameters().get(i).gradient().data().clone();
            expected[0] += 0.25;
            assertClose(expected, two.parameters().get(i).gradient().data(), one.parameters().get(i).name());
        }
    }

    @Test
    public void rowsAreSplitAtAMultipleOfFour() {
        assertEquals(8, DataParallelPass.firstHalf(16));
        assertEquals(8, DataParallelPass.firstHalf(17));
        assertEquals(32, DataParallelPass.firstHalf(63));
        assertEquals(32, DataParallelPass.firstHalf(64));
        assertEquals(52, DataParallelPass.firstHalf(101));
        assertFalse(DataParallelPass.splits(DataParallelPass.MIN_ROWS - 1));
        assertTrue(DataParallelPass.splits(DataParallelPass.MIN_ROWS));
    }

    @Test
    public void theProbeAlternatesBlocksThenHoldsItsDecision() {
        int w = DataParallelPass.WARMUP;
        int b = DataParallelPass.BLOCK;
        int cycle = DataParallelPass.PROBE + DataParallelPass.HOLD;
        for (boolean backedOff : new boolean[]{false, true}) {
            assertTrue(DataParallelPass.plannedConcurrent(0, backedOff), "warm-up on two threads");
            assertTrue(DataParallelPass.plannedConcurrent(w - 1, backedOff));
            for (int cycleStart : new int[]{w, w + cycle}) {
                assertTrue(DataParallelPass.plannedConcurrent(cycleStart, backedOff), "a probe starts on two threads");
                assertTrue(DataParallelPass.plannedConcurrent(cycleStart + b - 1, backedOff));
                assertFalse(DataParallelPass.plannedConcurrent(cycleStart + b, backedOff), "then a block on one");
                assertFalse(DataParallelPass.plannedConcurrent(cycleStart + 2 * b - 1, backedOff));
                assertTrue(DataParallelPass.plannedConcurrent(cycleStart + 2 * b, backedOff));
                for (int k = DataParallelPass.PROBE; k < cycle; k += 997) {
                    assertEquals(!backedOff, DataParallelPass.plannedConcurrent(cycleStart + k, backedOff), "hold " + k);
                }
            }
        }
        int timedInProbe = 0;
        for (int k = 0; k < cycle; k++) {
            if (DataParallelPass.isTimed(w + k)) {
                timedInProbe++;
                assertTrue(k < DataParallelPass.PROBE && k % b >= DataParallelPass.SETTLE, "step " + k);
            }
        }
        assertEquals(DataParallelPass.PROBE / b * (b - DataParallelPass.SETTLE), timedInProbe);
        assertFalse(DataParallelPass.isTimed(w - 1), "warm-up steps are not timed");
    }

    @Test
    public void onlyPlainDenseAndActivationNetworksAreSplit() {
        assertNotNull(DataParallelPass.forNetwork(network(1)));
        Network residual = MlpBuilder.build(4, new int[]{6, 6}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(), true,
                new SplittableRandom(3));
        assertNull(DataParallelPass.forNetwork(residual), "a residual block is not a plain layer");
    }

    @Test
    public void twoThreadsRunTheHalvesAtOnceWithTheSameBits() {
        SplittableRandom r = new SplittableRandom(3);
        Matrix x = gaussian(64, 11, r);
        Matrix g = gaussian(64, 3, r);
        List<double[]> grads = new java.util.ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            Gemm.setThreads(threads);
            Gemm.setThreadBackOff(false);
            Network net = network(9);
            net.zeroGradients();
            DataParallelPass pass = DataParallelPass.forNetwork(net);
            boolean worker = false;
            for (int i = 0; i < 10_000 && !worker; i++) {   // a fresh worker thread may still be starting: then the caller runs both halves
                pass.forward(x);
                worker = pass.ranConcurrently();
            }
            assertEquals(threads == 2, worker, "a kernel thread computed a half");
            pass.backward(g);
            for (Parameter p : net.parameters()) {
                grads.add(p.gradient().data().clone());
            }
        }
        int half = grads.size() / 2;
        for (int i = 0; i < half; i++) {
            assertArrayEquals(grads.get(i), grads.get(half + i), "parameter " + i);
        }
    }

    /** Regression head, many steps through the training loop: two threads running the halves at once give the same bits as one. */
    @Test
    public void concurrentHalvesGiveTheSameBitsAsSequentialOnes() {
        List<Matrix> sequential = trainRegression(1);
        List<Matrix> concurrent = trainRegression(2);
        for (int i = 0; i < sequential.size(); i++) {
            assertArrayEquals(sequential.get(i).data(), concurrent.get(i).data(), "parameter " + i);
        }
    }

    private static List<Matrix> trainRegression(int threads) {
        Gemm.setThreads(threads);
        Gemm.setThreadBackOff(false);            // always run the halves at the same time with two threads
        SplittableRandom r = new SplittableRandom(17);
        Matrix x = gaussian(250, 7, r);
        Matrix y = new Matrix(250, 2);
        for (int i = 0; i < 250; i++) {
            y.set(i, 0, Math.sin(x.get(i, 0)) + 0.1 * r.nextGaussian());
            y.set(i, 1, x.get(i, 1) * x.get(i, 2));
        }
        SplittableRandom rng = new SplittableRandom(8);
        Network net = MlpBuilder.build(7, new int[]{24, 12}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(),
                rng.split());
        TrainingPlan plan = new TrainingPlan(4, 40, true, false, new org.occam.core.optim.Sgd(0.02, 0.9, true),
                List.of(), List.of(), List.of(), List.of(), List.of());
        new TrainingLoop(net, new RegressionLoss(RegressionLoss.Kind.SQUARED, 1.0), plan, EpochEvaluator.none(), x, y, null, null, rng.split()).run();
        return net.snapshot();
    }
}
