package org.occam.core.train;

import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.optim.AbstractOptimizer;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.util.ArrayList;
import java.util.List;

/**
 * The data-parallel execution of a plain MLP's step (only {@link Dense} and {@link ActivationLayer}
 * layers) on two threads. The minibatch's rows are cut at a boundary of the gradient's reduction
 * blocks ({@link Dense#REDUCTION_BLOCK} rows): the first ⌈B/2⌉ of its B blocks go through the
 * network itself, each later block through a replica that shares the network's weight and bias
 * values, with its own gradients and buffers. The network adds its blocks' sums to the parameter
 * gradients as always; then each replica's gradient — one block's sum, from zero — is added in
 * block order. That is exactly the one-pass arithmetic, so the bits do not depend on this pass,
 * nor on whether its two parts ran at the same time.
 * <p>
 * Four hand-offs per step: forward, backward, the sum of the gradients, and the optimizer's update
 * (for Occam's own element-wise optimizers, {@link AbstractOptimizer.PositionwiseRun}), the last
 * two split by position. When nothing reads the gradients between the backward pass and the step
 * (the training loop says so) and the optimizer is element-wise, the last two are one hand-off:
 * each thread adds the parts' gradients of its half of every tensor's positions and then updates
 * those positions — the same operations per position, so the same bits. Whether a step uses the second thread is {@link ThreadPolicy}'s decision;
 * each step is one of its timed units. A batch of one block runs through the network alone.
 */
final class DataParallelPass implements BatchPass {
    private final Network network;
    private final List<Parameter> parameters;
    private final List<Network> replicas = new ArrayList<>();
    private final List<List<Parameter>> replicaParameters = new ArrayList<>();
    private final long flopsPerRow;
    private final List<Matrix> replicaInputs = new ArrayList<>();
    private final List<Matrix> replicaGradOuts = new ArrayList<>();
    private final List<Matrix> replicaOutputs = new ArrayList<>();
    private Matrix input0;
    private Matrix gradOut0;
    private Matrix output;
    private Matrix output0;
    private int rows0;
    private int used;
    private boolean two;
    private long stepStart;
    /** Whether the parts' gradients may be added in the update's hand-off (see the class comment). */
    private final boolean deferGradientSum;
    /** The last backward pass left the parts' gradients to be added by the next optimizer step. */
    private boolean pendingSum;

    private DataParallelPass(Network network, boolean deferGradientSum) {
        this.network = network;
        this.deferGradientSum = deferGradientSum;
        this.parameters = network.parameters();
        long f = 0;
        for (Dense d : network.denseLayers()) {
            f += 6L * d.inputWidth() * d.outputWidth();   // forward, weight gradient, input gradient
        }
        this.flopsPerRow = f;
    }

    /**
     * @param network the network being trained
     * @return a data-parallel pass for it, or null when a layer is not a plain {@link Dense} or
     *         {@link ActivationLayer} (normalization and noise layers see the whole batch at once)
     */
    static DataParallelPass forNetwork(Network network) {
        return forNetwork(network, false);
    }

    /**
     * @param network the network being trained
     * @param deferGradientSum true if nothing reads the gradients between backward and the optimizer
     *        step, so their sum may share the update's hand-off
     * @return as {@link #forNetwork(Network)}
     */
    static DataParallelPass forNetwork(Network network, boolean deferGradientSum) {
        for (Layer l : network.layers()) {
            if (l.getClass() != Dense.class && l.getClass() != ActivationLayer.class) {
                return null;
            }
        }
        return network.layers().isEmpty() ? null : new DataParallelPass(network, deferGradientSum);
    }

    /**
     * @param rows the batch size
     * @return the rows the network itself computes: the first ⌈B/2⌉ of the batch's B reduction blocks
     */
    static int firstPart(int rows) {
        int blocks = (rows + Dense.REDUCTION_BLOCK - 1) / Dense.REDUCTION_BLOCK;
        return Math.min(rows, (blocks + 1) / 2 * Dense.REDUCTION_BLOCK);
    }

    private Network replica(int i) {
        while (replicas.size() <= i) {
            List<Layer> layers = new ArrayList<>();
            for (Layer l : network.layers()) {
                if (l instanceof Dense) {
                    Dense d = (Dense) l;
                    layers.add(new Dense(d.name(), d.weight().value(), d.bias().value(), d.weight().isOutputLayer()));
                } else {
                    ActivationLayer a = (ActivationLayer) l;
                    layers.add(new ActivationLayer(a.name(), a.inputWidth(), a.activation()));
                }
            }
            Network r = new Network(network.inputWidth(), layers);
            replicas.add(r);
            replicaParameters.add(r.parameters());
            replicaInputs.add(null);
            replicaGradOuts.add(null);
            replicaOutputs.add(null);
        }
        return replicas.get(i);
    }

    @Override
    public Matrix forward(Matrix inputs) {
        int rows = inputs.rows();
        rows0 = firstPart(rows);
        used = (rows - rows0 + Dense.REDUCTION_BLOCK - 1) / Dense.REDUCTION_BLOCK;
        stepStart = System.nanoTime();
        if (used == 0) {
            two = false;
            return network.forward(inputs, Mode.TRAIN);
        }
        two = ThreadPolicy.twoThreads();
        input0 = rows(inputs, 0, rows0, input0);
        for (int i = 0; i < used; i++) {
            int from = rows0 + i * Dense.REDUCTION_BLOCK;
            replica(i);
            replicaInputs.set(i, rows(inputs, from, Math.min(rows, from + Dense.REDUCTION_BLOCK), replicaInputs.get(i)));
        }
        run(() -> output0 = network.forward(input0, Mode.TRAIN), () -> {
            for (int i = 0; i < used; i++) {
                replicaOutputs.set(i, replicas.get(i).forward(replicaInputs.get(i), Mode.TRAIN));
            }
        });
        int out = output0.cols();
        output = Matrix.reuse(output, rows, out);
        System.arraycopy(output0.data(), 0, output.data(), 0, rows0 * out);
        for (int i = 0; i < used; i++) {
            Matrix o = replicaOutputs.get(i);
            System.arraycopy(o.data(), 0, output.data(), (rows0 + i * Dense.REDUCTION_BLOCK) * out, o.size());
        }
        return output;
    }

    @Override
    public void backward(Matrix gradOutput) {
        if (used == 0) {
            network.backward(gradOutput);
            return;
        }
        int rows = gradOutput.rows();
        gradOut0 = rows(gradOutput, 0, rows0, gradOut0);
        for (int i = 0; i < used; i++) {
            int from = rows0 + i * Dense.REDUCTION_BLOCK;
            replicaGradOuts.set(i, rows(gradOutput, from, Math.min(rows, from + Dense.REDUCTION_BLOCK),
                    replicaGradOuts.get(i)));
        }
        run(() -> network.backward(gradOut0), () -> {
            for (int i = 0; i < used; i++) {
                replicas.get(i).zeroGradients();
                replicas.get(i).backward(replicaGradOuts.get(i));
            }
        });
        if (deferGradientSum) {
            pendingSum = true;                     // added by optimizerStep, in the update's hand-off
        } else {
            run(() -> addReplicaGradients(true), () -> addReplicaGradients(false));
        }
    }

    @Override
    public double optimizerStep(Optimizer.OptimizerRun run, TrainingClock clock) {
        double eta;
        boolean sum = pendingSum;
        pendingSum = false;
        if (two && run instanceof AbstractOptimizer.PositionwiseRun) {
            AbstractOptimizer.PositionwiseRun split = (AbstractOptimizer.PositionwiseRun) run;
            eta = split.begin(clock);
            if (sum) {
                run(() -> {
                    addReplicaGradients(true);
                    split.updateHalf(true);
                }, () -> {
                    addReplicaGradients(false);
                    split.updateHalf(false);
                });
            } else {
                run(() -> split.updateHalf(true), () -> split.updateHalf(false));
            }
        } else {
            if (sum) {
                run(() -> addReplicaGradients(true), () -> addReplicaGradients(false));
            }
            eta = run.step(clock);
        }
        if (used > 0) {
            ThreadPolicy.record(two, System.nanoTime() - stepStart, (double) flopsPerRow * (rows0 + replicaRows()));
        }
        return eta;
    }

    private int replicaRows() {
        int r = 0;
        for (int i = 0; i < used; i++) {
            r += replicaInputs.get(i).rows();
        }
        return r;
    }

    @Override
    public List<Matrix> lastTrainingOutputs(ActivationLayer layer) {
        List<Matrix> out = new ArrayList<>();
        if (layer.lastTrainingOutput() != null) {
            out.add(layer.lastTrainingOutput());
        }
        for (int i = 0; i < used; i++) {
            for (Layer l : replicas.get(i).layers()) {
                if (l instanceof ActivationLayer && l.name().equals(layer.name())
                        && ((ActivationLayer) l).lastTrainingOutput() != null) {
                    out.add(((ActivationLayer) l).lastTrainingOutput());
                }
            }
        }
        return out;
    }

    /**
     * Copies rows {@code [from, to)} of {@code m} into {@code buffer} (reallocated when its shape differs).
     * @return the buffer
     */
    private static Matrix rows(Matrix m, int from, int to, Matrix buffer) {
        Matrix out = Matrix.reuse(buffer, to - from, m.cols());
        System.arraycopy(m.data(), from * m.cols(), out.data(), 0, out.size());
        return out;
    }

    /** Adds the replicas' gradients to the network's, in block order: the first or second half of each tensor's positions. */
    private void addReplicaGradients(boolean firstHalf) {
        for (int i = 0; i < parameters.size(); i++) {
            double[] g = parameters.get(i).gradient().data();
            int mid = g.length / 2;
            int from = firstHalf ? 0 : mid;
            int end = firstHalf ? mid : g.length;
            for (int b = 0; b < used; b++) {
                double[] h = replicaParameters.get(b).get(i).gradient().data();
                for (int j = from; j < end; j++) {
                    g[j] += h[j];
                }
            }
        }
    }

    private void run(Runnable first, Runnable second) {
        if (two) {
            ThreadPolicy.runBoth(first, second);
        } else {
            ThreadPolicy.runInTurn(first, second);
        }
    }
}
