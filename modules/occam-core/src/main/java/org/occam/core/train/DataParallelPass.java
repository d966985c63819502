package org.occam.core.train;

import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;

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
 * Two hand-offs per step: the forward pass and the backward pass. Each part copies its own rows in
 * and out (the replica's part on the worker). The sum of the gradients and the optimizer's update
 * run on the calling thread alone: splitting them by position between the threads made each
 * thread fetch the half of the gradients the other one had just written, and on the 2-vCPU
 * machine measured, each half then cost as much CPU as the whole update on one thread (and a
 * third hand-off). When nothing reads the gradients between the backward pass and the step (the
 * training loop says so), the sum is left to {@link #optimizerStep}, just before the update, so
 * that the backward pass's time is the two parts alone; otherwise the backward pass adds it.
 * Whether a step uses the second thread is {@link ThreadPolicy}'s decision; each step is one of
 * its timed units. A batch of one block runs through the network alone.
 */
final class DataParallelPass implements BatchPass {
    private final Network network;
    private final List<Parameter> parameters;
    private final List<Network> replicas = new ArrayList<>();
    private final List<List<Parameter>> replicaParameters = new ArrayList<>();
    private final long flopsPerRow;
    private final List<Matrix> replicaInputs = new ArrayList<>();
    private final List<Matrix> replicaGradOuts = new ArrayList<>();
    private Matrix input0;
    private Matrix gradOut0;
    private Matrix output;
    private int rows0;
    private int used;
    private boolean two;
    private long stepStart;
    /** Whether the parts' gradients may be added by {@link #optimizerStep} (see the class comment). */
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
     *        step, so their sum may wait for the step
     * @return as {@link #forNetwork(Network)}
     */
    static DataParallelPass forNetwork(Network network, boolean deferGradientSum) {
        return !network.isPlainMlp() || network.layers().isEmpty() ? null : new DataParallelPass(network, deferGradientSum);
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
        for (int i = 0; i < used; i++) {
            replica(i);
        }
        int out = network.outputWidth();
        output = Matrix.reuse(output, rows, out);
        Matrix all = output;
        run(() -> {
            input0 = rows(inputs, 0, rows0, input0);
            Matrix o = network.forward(input0, Mode.TRAIN);
            System.arraycopy(o.data(), 0, all.data(), 0, o.size());
        }, () -> {
            for (int i = 0; i < used; i++) {
                int from = rows0 + i * Dense.REDUCTION_BLOCK;
                Matrix x = rows(inputs, from, Math.min(rows, from + Dense.REDUCTION_BLOCK), replicaInputs.get(i));
                replicaInputs.set(i, x);
                Matrix o = replicas.get(i).forward(x, Mode.TRAIN);
                System.arraycopy(o.data(), 0, all.data(), from * out, o.size());
            }
        });
        return output;
    }

    @Override
    public void backward(Matrix gradOutput) {
        if (used == 0) {
            network.backward(gradOutput);
            return;
        }
        int rows = gradOutput.rows();
        run(() -> {
            gradOut0 = rows(gradOutput, 0, rows0, gradOut0);
            network.backward(gradOut0);
        }, () -> {
            for (int i = 0; i < used; i++) {
                int from = rows0 + i * Dense.REDUCTION_BLOCK;
                Matrix g = rows(gradOutput, from, Math.min(rows, from + Dense.REDUCTION_BLOCK), replicaGradOuts.get(i));
                replicaGradOuts.set(i, g);
                replicas.get(i).discardGradients();
                replicas.get(i).backward(g);
            }
        });
        if (deferGradientSum) {
            pendingSum = true;                     // added by optimizerStep, just before the update
        } else {
            addReplicaGradients();
        }
    }

    @Override
    public double optimizerStep(java.util.function.DoubleSupplier update) {
        if (pendingSum) {
            pendingSum = false;
            addReplicaGradients();
        }
        double eta = update.getAsDouble();
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

    /** Adds the replicas' gradients to the network's, in block order. */
    private void addReplicaGradients() {
        for (int i = 0; i < parameters.size(); i++) {
            double[] g = parameters.get(i).gradient().data();
            for (int b = 0; b < used; b++) {
                double[] h = replicaParameters.get(b).get(i).gradient().data();
                for (int j = 0; j < g.length; j++) {
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
