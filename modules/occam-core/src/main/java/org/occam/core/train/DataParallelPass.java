package org.occam.core.train;

import org.occam.core.math.Gemm;
import org.occam.core.math.Matrix;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training forward and backward pass of a plain MLP (only {@link Dense} and
 * {@link ActivationLayer} layers) computed as two halves of the minibatch, so that a second core can
 * take one half.
 * <p>
 * The rows are always split the same way — the first {@code ⌈b/2⌉} rows (rounded up to a multiple
 * of 4) and the rest — and the halves are always combined in the same order, whether they run at
 * the same time or one after the other: the network itself computes the first half and adds its
 * gradient to the parameters' gradients (after the penalty terms, as in the one-pass step); a
 * replica that shares the network's weight and bias values, with its own gradients and buffers,
 * computes the second half; then each parameter gradient gets the replica's added element-wise.
 * Every row's forward values are those of the one-pass forward (products never split a sum over
 * the features), the loss and its gradient are computed on the whole batch, so the only difference
 * to the one-pass step is the order of the sum over rows in the weight and bias gradients, and the
 * trained parameters are bit-identical for any kernel thread count.
 * <p>
 * Why halves of the batch rather than halves of each product: at minibatch 64 one product takes
 * about 50 µs, so splitting each one hands work between cores a dozen times per step and moves the
 * activations between their caches; halves of the batch hand work over four times per step (forward,
 * backward, the sum of the gradients and the optimizer's update, both split by position) and keep
 * each half's activations in one core's cache.
 * <p>
 * Whether the second core helps is measured, again and again, since on a shared or virtual machine
 * it changes from minute to minute: after {@value #WARMUP} warm-up steps, a probe of {@value #PROBE}
 * steps alternates blocks of {@value #BLOCK} steps on two threads and on one (the first
 * {@value #SETTLE} of each block untimed), the mean step times decide, and the next {@value #HOLD}
 * steps run the faster way. Two threads are kept unless their steps took {@value #BACK_OFF} times as
 * long as one thread's: a margin the other way than for split products (which need 10% faster),
 * since on this kind of 2-vCPU virtual machine the halves gain 10–20% while stolen time slices make
 * a single probe err either way, and a wrong "one thread" costs a whole hold. Means, not medians: a
 * descheduled worker's stalls are part of the cost. One thread means the halves and their products
 * run on the calling thread ({@link Gemm#runInTurn}). A worker that
 * has not started its half by the time the caller finished its own is not waited for (see
 * {@link Gemm#runBoth}). {@link Gemm#setThreadBackOff} turns the measuring off (always two threads).
 */
final class DataParallelPass {
    private static final Logger logger = Logger.getLogger(DataParallelPass.class.getName());

    /** Batches with fewer rows run in one pass. */
    static final int MIN_ROWS = 16;
    static final int WARMUP = 200;
    /** Steps of a probe: alternating blocks on two threads and on one. */
    static final int PROBE = 512;
    static final int BLOCK = 32;
    /** Steps of a block that are not timed (a parked worker wakes up, caches refill). */
    static final int SETTLE = 4;
    /** Two threads are given up only if their steps took this much longer than one thread's. */
    static final double BACK_OFF = 1.05;
    /** Steps between probes, run the faster way. */
    static final int HOLD = 8192;

    private final Network network;
    private final Network replica;
    private final List<Parameter> parameters;
    private final List<Parameter> replicaParameters;
    private Matrix input0;
    private Matrix input1;
    private Matrix gradOut0;
    private Matrix gradOut1;
    private Matrix output;
    private Matrix output0;
    private Matrix output1;

    // back-off probe: steps seen; per probe, total time and count of timed steps on two threads [0] and one [1]
    private long steps;
    private boolean backedOff;
    private boolean decidedOnce;
    private final long[] probeNanos = new long[2];
    private final long[] probeSteps = new long[2];
    private boolean concurrent;
    private boolean timed;
    private boolean ranConcurrently;
    private long stepStart;

    private DataParallelPass(Network network) {
        this.network = network;
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
        this.replica = new Network(network.inputWidth(), layers);
        this.parameters = network.parameters();
        this.replicaParameters = replica.parameters();
    }

    /**
     * @param network the network being trained
     * @return a two-half pass for it, or null when a layer is not a plain {@link Dense} or
     *         {@link ActivationLayer} (normalization and noise layers see the whole batch at once)
     */
    static DataParallelPass forNetwork(Network network) {
        for (Layer l : network.layers()) {
            if (l.getClass() != Dense.class && l.getClass() != ActivationLayer.class) {
                return null;
            }
        }
        return network.layers().isEmpty() ? null : new DataParallelPass(network);
    }

    /**
     * @param rows the batch size
     * @return true if a batch of this size is computed in halves
     */
    static boolean splits(int rows) {
        return rows >= MIN_ROWS;
    }

    /**
     * @param rows the batch size (≥ {@link #MIN_ROWS})
     * @return the number of rows of the first half
     */
    static int firstHalf(int rows) {
        return Math.min(rows - 1, (rows / 2 + 3) / 4 * 4);
    }

    /**
     * TRAIN-mode forward pass of a batch of at least {@link #MIN_ROWS} rows.
     * @param inputs batch × inputWidth
     * @return the raw outputs, batch × outputWidth (a buffer reused by the next call)
     */
    Matrix forward(Matrix inputs) {
        int rows = inputs.rows();
        int r0 = firstHalf(rows);
        input0 = rows(inputs, 0, r0, input0);
        input1 = rows(inputs, r0, rows, input1);
        concurrent = chooseConcurrent();
        stepStart = System.nanoTime();
        run(() -> output0 = network.forward(input0, Mode.TRAIN), () -> output1 = replica.forward(input1, Mode.TRAIN));
        int out = output0.cols();
        output = Matrix.reuse(output, rows, out);
        System.arraycopy(output0.data(), 0, output.data(), 0, r0 * out);
        System.arraycopy(output1.data(), 0, output.data(), r0 * out, (rows - r0) * out);
        return output;
    }

    /**
     * Back-propagates ∂L/∂output of the last {@link #forward}, adding to every parameter's gradient.
     * @param gradOutput batch × outputWidth
     */
    void backward(Matrix gradOutput) {
        int rows = gradOutput.rows();
        int r0 = firstHalf(rows);
        gradOut0 = rows(gradOutput, 0, r0, gradOut0);
        gradOut1 = rows(gradOutput, r0, rows, gradOut1);
        run(() -> network.backward(gradOut0), () -> {
            replica.zeroGradients();
            replica.backward(gradOut1);
        });
        run(() -> addReplicaGradients(true), () -> addReplicaGradients(false));
    }

    /**
     * The optimizer step of a step whose forward and backward ran here: when the halves ran on two
     * threads and the rule allows it, the first and second half of every tensor's positions are
     * updated on the two threads (the same halves whose gradients each thread summed, so they stay
     * in its cache); otherwise the ordinary step. The bits are the same either way.
     * @param run the optimizer's run
     * @param clock where training is
     * @return the learning rate of the step
     */
    double optimizerStep(org.occam.core.spi.Optimizer.OptimizerRun run, org.occam.core.spi.TrainingClock clock) {
        double eta;
        if (concurrent && run.updatesInHalves()) {
            eta = run.begin(clock);
            run(() -> run.updateHalf(true), () -> run.updateHalf(false));
        } else {
            eta = run.step(clock);
        }
        if (Gemm.threads() > 1 && Gemm.threadBackOff()) {
            probe(System.nanoTime() - stepStart);
        }
        return eta;
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

    /** Adds the replica's gradients to the network's: the first or second half of each tensor's values. */
    private void addReplicaGradients(boolean firstHalf) {
        for (int i = 0; i < parameters.size(); i++) {
            double[] g = parameters.get(i).gradient().data();
            double[] h = replicaParameters.get(i).gradient().data();
            int mid = g.length / 2;
            for (int j = firstHalf ? 0 : mid, end = firstHalf ? mid : g.length; j < end; j++) {
                g[j] += h[j];
            }
        }
    }

    /**
     * @param layerName an activation layer's name
     * @return its last TRAIN outputs for the two halves (for dead-unit statistics), or an empty list
     */
    List<Matrix> lastTrainingOutputs(String layerName) {
        List<Matrix> out = new ArrayList<>(2);
        for (Network n : List.of(network, replica)) {
            for (Layer l : n.layers()) {
                if (l instanceof ActivationLayer && l.name().equals(layerName)
                        && ((ActivationLayer) l).lastTrainingOutput() != null) {
                    out.add(((ActivationLayer) l).lastTrainingOutput());
                }
            }
        }
        return out;
    }

    private void run(Runnable first, Runnable second) {
        if (concurrent) {
            ranConcurrently = Gemm.runBoth(first, second);
        } else {
            Gemm.runInTurn(first, second);
            ranConcurrently = false;
        }
    }

    /** @return true if the halves of the last forward or backward ran at the same time */
    boolean ranConcurrently() {
        return ranConcurrently;
    }

    private boolean chooseConcurrent() {
        if (Gemm.threads() < 2) {
            return false;
        }
        if (!Gemm.threadBackOff()) {
            return true;
        }
        timed = isTimed(steps);
        return plannedConcurrent(steps, backedOff);
    }

    /**
     * The probe's plan: two threads during the warm-up, alternating blocks during a probe, the last
     * decision between probes.
     * @param step steps counted so far
     * @param backedOff the last decision was one thread
     * @return whether this step runs its halves on two threads
     */
    static boolean plannedConcurrent(long step, boolean backedOff) {
        long pos = step - WARMUP;
        if (pos < 0) {
            return true;
        }
        pos %= PROBE + HOLD;
        if (pos >= PROBE) {
            return !backedOff;
        }
        return (pos / BLOCK) % 2 == 0;
    }

    /**
     * @param step steps counted so far
     * @return whether this step's time counts for the probe (in a probe, past the first steps of its block)
     */
    static boolean isTimed(long step) {
        long pos = step - WARMUP;
        return pos >= 0 && pos % (PROBE + HOLD) < PROBE && pos % BLOCK >= SETTLE;
    }

    /** Counts a step (forward to optimizer) and, at the end of each probe, decides which way is faster. */
    private void probe(long nanos) {
        long pos = steps++ - WARMUP;
        if (timed) {
            int i = concurrent ? 0 : 1;
            probeNanos[i] += nanos;
            probeSteps[i]++;
        }
        if (pos < 0 || pos % (PROBE + HOLD) != PROBE - 1) {
            return;
        }
        double two = probeNanos[0] / 1e3 / probeSteps[0];
        double one = probeNanos[1] / 1e3 / probeSteps[1];
        boolean back = two > BACK_OFF * one;
        if (back != backedOff || !decidedOnce) {
            Level level = decidedOnce ? Level.FINE : Level.INFO;
            logger.log(level, () -> String.format(java.util.Locale.ROOT, "data-parallel steps: %.0f µs on two threads, "
                    + "%.0f µs on one; %s (same results either way)", two, one,
                    back ? "halves run one after the other for now" : "halves run at the same time"));
        }
        backedOff = back;
        decidedOnce = true;
        probeNanos[0] = 0;
        probeNanos[1] = 0;
        probeSteps[0] = 0;
        probeSteps[1] = 0;
    }
}
