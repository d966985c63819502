package org.occam.core.train;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data-parallel pass against the network's own one-pass forward and backward: the same
 * outputs and the same gradients, bit for bit (the gradient is reduced in the same fixed row
 * blocks), whether its parts run on one thread or two.
 */
public class DataParallelPassTest {

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
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

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 31, 32, 33, 64, 65, 97, 101, 160})
    public void thePassGivesTheOnePassOutputsAndGradientsBitForBit(int rows) {
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setBackOff(false);
            SplittableRandom r = new SplittableRandom(rows);
            Matrix x = gaussian(rows, 11, r);
            Matrix y = new Matrix(rows, 3);
            for (int i = 0; i < rows; i++) {
                y.set(i, r.nextInt(3), 1.0);
            }
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

            Network one = network(5);
            one.zeroGradients();
            for (Parameter p : one.parameters()) {   // a penalty's term is already in the gradient before backward
                p.gradient().data()[0] = 0.25;
            }
            Matrix outOne = one.forward(x, Mode.TRAIN).copy();
            Matrix gOne = new Matrix(rows, 3);
            double lossOne = loss.lossAndGradient(outOne, y, gOne);
            one.backward(gOne);

            Network two = network(5);
            two.zeroGradients();
            for (Parameter p : two.parameters()) {
                p.gradient().data()[0] = 0.25;
            }
            DataParallelPass pass = DataParallelPass.forNetwork(two);
            assertNotNull(pass);
            Matrix outTwo = pass.forward(x);
            assertArrayEquals(outOne.data(), outTwo.data(), "forward values are the one-pass values bit for bit");
            Matrix gTwo = new Matrix(rows, 3);
            assertEquals(lossOne, loss.lossAndGradient(outTwo, y, gTwo), 0.0);
            pass.backward(gTwo);
            for (int i = 0; i < one.parameters().size(); i++) {
                assertArrayEquals(one.parameters().get(i).gradient().data(), two.parameters().get(i).gradient().data(),
                        threads + " thread(s), " + rows + " rows, " + one.parameters().get(i).name());
            }
        }
    }

    @Test
    public void theBatchIsCutAtAReductionBlockBoundary() {
        int b = Dense.REDUCTION_BLOCK;
        assertEquals(b - 1, DataParallelPass.firstPart(b - 1), "one block: nothing to share");
        assertEquals(b, DataParallelPass.firstPart(b));
        assertEquals(b, DataParallelPass.firstPart(b + 1));
        assertEquals(b, DataParallelPass.firstPart(2 * b));
        assertEquals(2 * b, DataParallelPass.firstPart(2 * b + 1));
        assertEquals(2 * b, DataParallelPass.firstPart(4 * b));
    }

    @Test
    public void onlyPlainDenseAndActivationNetworksAreSplit() {
        assertNotNull(DataParallelPass.forNetwork(network(1)));
        Network residual = MlpBuilder.build(4, new int[]{6, 6}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(), true,
                new SplittableRandom(3));
        assertNull(DataParallelPass.forNetwork(residual), "a residual block is not a plain layer");
    }

    @Test
    public void twoThreadsRunThePartsAtOnce() {
        ThreadPolicy.setThreads(2);
        ThreadPolicy.setBackOff(false);
        SplittableRandom r = new SplittableRandom(3);
        Matrix x = gaussian(64, 11, r);
        Network net = network(9);
        DataParallelPass pass = DataParallelPass.forNetwork(net);
        long before = ThreadPolicy.concurrentPairs();
        for (int i = 0; i < 10_000 && ThreadPolicy.concurrentPairs() == before; i++) {   // a fresh worker may still be starting
            pass.forward(x);
        }
        assertTrue(ThreadPolicy.concurrentPairs() > before, "a worker thread computed the second part");
    }

    /**
     * The gradient sum deferred to the optimizer step gives the same parameters as the sum at the end
     * of the backward pass, on one or two threads, including a batch with a short block.
     */
    @ParameterizedTest
    @ValueSource(ints = {33, 64, 97})
    public void theDeferredGradientSumGivesTheSameParameters(int rows) {
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setBackOff(false);
            List<Matrix> expected = null;
            for (boolean defer : new boolean[]{false, true}) {
                SplittableRandom r = new SplittableRandom(rows);
                Network net = network(9);
                org.occam.core.spi.Optimizer.OptimizerRun run = new org.occam.core.optim.Sgd(0.1, 0.9, false).start(net.parameters());
                DataParallelPass pass = DataParallelPass.forNetwork(net, defer);
                SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
                for (int step = 0; step < 3; step++) {
                    Matrix x = gaussian(rows, 11, r);
                    Matrix y = new Matrix(rows, 3);
                    for (int i = 0; i < rows; i++) {
                        y.set(i, r.nextInt(3), 1.0);
                    }
                    net.zeroGradients();
                    Matrix out = pass.forward(x);
                    Matrix g = new Matrix(rows, 3);
                    loss.lossAndGradient(out, y, g);
                    pass.backward(g);
                    pass.optimizerStep(run, new org.occam.core.spi.TrainingClock(0, step, step, 3, 1));
                }
                List<Matrix> params = net.snapshot();
                if (expected == null) {
                    expected = params;
                } else {
                    for (int i = 0; i < params.size(); i++) {
                        assertArrayEquals(expected.get(i).data(), params.get(i).data(),
                                "parameter " + i + ", " + threads + " thread(s)");
                    }
                }
            }
        }
    }

    /** One training of a few steps with batches of the given sizes; returns the parameters after them. */
    private static List<Matrix> steps(BatchPass pass, Network net, int[] sizes, boolean pauses) throws InterruptedException {
        return steps(pass, net, sizes, pauses, new org.occam.core.optim.Sgd(0.05, 0.9, false));
    }

    /** As {@link #steps(BatchPass, Network, int[], boolean)}, with the given optimizer. */
    private static List<Matrix> steps(BatchPass pass, Network net, int[] sizes, boolean pauses,
                                      org.occam.core.spi.Optimizer optimizer) throws InterruptedException {
        SplittableRandom r = new SplittableRandom(17);
        org.occam.core.spi.Optimizer.OptimizerRun run = optimizer.start(net.parameters());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        for (int step = 0; step < sizes.length; step++) {
            int rows = sizes[step];
            Matrix x = gaussian(rows, 11, r);
            Matrix y = new Matrix(rows, 3);
            for (int i = 0; i < rows; i++) {
                y.set(i, r.nextInt(3), 1.0);
            }
            net.zeroGradients();
            for (Parameter p : net.parameters()) {   // a penalty's term is in the gradient before backward
                p.gradient().data()[p.gradient().size() - 1] = 1e-3 * p.value().data()[p.value().size() - 1];
            }
            Matrix g = new Matrix(rows, 3);
            loss.lossAndGradient(pass.forward(x), y, g);
            pass.backward(g);
            pass.optimizerStep(run, new org.occam.core.spi.TrainingClock(0, step, step, sizes.length, 1));
            if (pauses) {
                Thread.sleep(2);                     // longer than a worker spins: it parks and is late for the next part
            }
        }
        return net.snapshot();
    }

    /**
     * Whole steps (forward, backward, the sum of the parts' gradients and an SGD-momentum update) on
     * two threads give the one-thread whole-batch parameters bit for bit, over batches of full,
     * ragged and single blocks (the pass's buffers change shape between steps), whether the worker
     * is ready, parked and late (pauses between steps), or the pool is busy with another caller (the
     * parts then run in turn on the calling thread).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ready", "late", "busy"})
    public void twoThreadStepsGiveTheWholeBatchParametersBitForBit(String worker) throws Exception {
        int[] sizes = {64, 16, 97, 1, 64, 33, 160, 64};
        ThreadPolicy.setThreads(1);
        Network reference = network(4);
        List<Matrix> expected = steps(new BatchPass.WholeBatch(reference), reference, sizes, false);
        ThreadPolicy.setThreads(2);
        ThreadPolicy.setBackOff(false);
        for (boolean defer : new boolean[]{false, true}) {
            Network net = network(4);
            DataParallelPass pass = DataParallelPass.forNetwork(net, defer);
            @SuppressWarnings("unchecked")
            List<Matrix>[] got = new List[1];
            Exception[] error = new Exception[1];
            Runnable train = () -> {
                try {
                    got[0] = steps(pass, net, sizes, worker.equals("late"));
                } catch (Exception e) {
                    error[0] = e;
                }
            };
            if (worker.equals("busy")) {
                ThreadPolicy.runBoth(train, () -> { });   // holds the pool while the steps run
            } else {
                train.run();
            }
            if (error[0] != null) {
                throw error[0];
            }
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).data(), got[0].get(i).data(), "parameter " + i + ", defer " + defer);
            }
        }
    }

    /**
     * The same with optimizers that keep more state (Adam, AdaGrad) and with one outside Occam's
     * optimizer classes: two-thread steps give the one-thread whole-batch parameters bit for bit,
     * over full, ragged, single-block and one-row batches.
     */
    @Test
    public void otherOptimizersGiveTheWholeBatchParametersBitForBit() throws Exception {
        int[] sizes = {64, 33, 1, 160, 64, 31, 65};
        List<java.util.function.Supplier<org.occam.core.spi.Optimizer>> optimizers = List.of(
                () -> new org.occam.core.optim.Adam(0.01),
                () -> new org.occam.core.optim.AdaGrad(0.1, 0.1, 1e-10),
                () -> new PlainSgd(0.05));
        for (java.util.function.Supplier<org.occam.core.spi.Optimizer> o : optimizers) {
            ThreadPolicy.setThreads(1);
            Network reference = network(8);
            List<Matrix> expected = steps(new BatchPass.WholeBatch(reference), reference, sizes, false, o.get());
            ThreadPolicy.setThreads(2);
            ThreadPolicy.setBackOff(false);
            for (boolean defer : new boolean[]{false, true}) {
                Network net = network(8);
                List<Matrix> got = steps(DataParallelPass.forNetwork(net, defer), net, sizes, false, o.get());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).data(), got.get(i).data(), o.get() + ", parameter " + i + ", defer " + defer);
                }
            }
        }
    }

    /** An optimizer outside {@link AbstractOptimizer}: w ← w − η·g in one step. */
    private static final class PlainSgd implements org.occam.core.spi.Optimizer {
        private final double eta;

        PlainSgd(double eta) {
            this.eta = eta;
        }

        @Override
        public OptimizerRun start(List<Parameter> parameters) {
            return clock -> {
                for (Parameter p : parameters) {
                    double[] w = p.value().data();
                    double[] g = p.gradient().data();
                    for (int i = 0; i < w.length; i++) {
                        w[i] -= eta * g[i];
                    }
                }
                return eta;
            };
        }

        @Override
        public com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance getProvenance() {
            return new com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl(this, "Optimizer");
        }

        @Override
        public String toString() {
            return "PlainSgd";
        }
    }

    /**
     * A two-thread step hands off twice, the forward and the backward pass; the sum of the parts'
     * gradients and the optimizer's update run on the calling thread, with or without the sum
     * deferred to the step. A batch of one block hands off nothing.
     */
    @Test
    public void aTwoThreadStepHandsOffTwice() throws Exception {
        ThreadPolicy.setThreads(2);
        ThreadPolicy.setBackOff(false);
        for (boolean defer : new boolean[]{false, true}) {
            Network net = network(6);
            DataParallelPass pass = DataParallelPass.forNetwork(net, defer);
            long before = ThreadPolicy.handOffs();
            steps(pass, net, new int[]{64, 97, 64}, false);
            assertEquals(6, ThreadPolicy.handOffs() - before, "defer " + defer);
            before = ThreadPolicy.handOffs();
            steps(pass, net, new int[]{32, 5}, false);
            assertEquals(0, ThreadPolicy.handOffs() - before, "one block: the network alone");
        }
    }

    /**
     * No thread is left running: after two-thread steps, going back to one thread stops the worker
     * (it ends within a second, even when it had parked).
     */
    @Test
    public void oneThreadAgainLeavesNoWorkerRunning() throws Exception {
        ThreadPolicy.setThreads(2);
        ThreadPolicy.setBackOff(false);
        Network net = network(6);
        steps(DataParallelPass.forNetwork(net, true), net, new int[]{64, 97}, true);
        List<Thread> workers = new java.util.ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("occam-gemm-") && t.isAlive()) {
                workers.add(t);
            }
        }
        assertTrue(!workers.isEmpty(), "two threads started a worker");
        ThreadPolicy.setThreads(1);
        for (Thread t : workers) {
            t.join(1000);
            assertTrue(!t.isAlive(), t.getName() + " ended");
        }
    }
}
