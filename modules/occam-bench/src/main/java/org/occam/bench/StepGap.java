package org.occam.bench;

import org.occam.core.math.Gemm;
import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;
import org.occam.core.train.MlpBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where the products lose speed inside a training step (one thread). One batch-64 step of
 * {@code in→128→128→out} (zero gradients, forward, softmax cross-entropy, backward, SGD momentum) is
 * compared with the same step's GEMM calls on copies of the step's own matrices — in the step's order
 * with nothing between them ("seq"), and each call repeated back to back ("alone", one shape hot).
 * Times are this thread's CPU time (the machine is shared), medians over rounds, per step.
 * <p>
 * Modes, run in the order given by {@code --order} (comma-separated):
 * <ul>
 * <li>{@code clean}: rounds of step / seq / alone with two clock reads per block (reading the thread-CPU
 *     clock costs ≈ 0.7–0.9 µs in this VM, so per-call timing would distort small products);</li>
 * <li>{@code ab}: the same with per-phase and per-product times (each includes about one clock read);</li>
 * <li>{@code alone}, {@code seq}, {@code step}: one block each (run {@code alone} before and after
 *     {@code step} to see whether code compiled under the step's mixed shapes runs a product slower);</li>
 * <li>{@code blocks}: the products with each input gradient G·W split into the weight gradient's 32-row
 *     blocks, each right after its block's Gᵀ·X (G's block still in cache), against the step's order;</li>
 * <li>{@code touch}: the products in the step's order, each after a sequential read of its operands
 *     (one load per cache line, counted in the time), against the plain order;</li>
 * <li>{@code alloc}: bytes allocated per step; {@code tiny}: the drivers' cost per call (one-tile products);</li>
 * <li>{@code noop}: the step with a backend that computes nothing (the work around the products; run last,
 *     it makes the backend call site bimorphic).</li>
 * </ul>
 * Usage: {@code StepGap [--io 20x2|64x10] [--order clean,noop] [--rounds 101] [--steps 200]}
 */
public final class StepGap {
    private StepGap() {}

    private static final int BATCH = 64;
    private static final int BLOCK = Dense.REDUCTION_BLOCK;

    /** One product call of a step, on fixed matrices. */
    private interface Call {
        void run();
    }

    private record Named(String name, Call call, double flops) {}

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        String io = "20x2";
        List<String> order = List.of("clean", "noop");
        int rounds = 101;
        int steps = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--io": io = args[++i]; break;
                case "--order": order = List.of(args[++i].split(",")); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--steps": steps = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ThreadPolicy.setThreads(1);
        String[] s = io.split("x");
        int in = Integer.parseInt(s[0]);
        int out = Integer.parseInt(s[1]);
        SplittableRandom rng = new SplittableRandom(3);
        Network network = MlpBuilder.build(in, new int[]{128, 128}, Activation.RELU, out, Initializer.GLOROT_UNIFORM,
                List.of(), rng.split());
        Matrix x = new Matrix(BATCH, in, rng.doubles((long) BATCH * in, -1, 1).toArray());
        Matrix y = new Matrix(BATCH, out);
        for (int r = 0; r < BATCH; r++) {
            y.set(r, rng.nextInt(out), 1.0);
        }
        Matrix grad = new Matrix(BATCH, out);
        Optimizer.OptimizerRun opt = new Sgd(0.001, 0.9, false).start(network.parameters());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        TrainingClock clock = new TrainingClock(0, 0, 0, 1, 1);

        // the step's products, captured on copies of one step's matrices
        List<Named> fwd = new ArrayList<>();
        List<Named> bwd = new ArrayList<>();
        capture(network, x, y, loss, fwd, bwd);

        for (String what : order) {
            switch (what) {
                case "alone": {
                    double sum = 0;
                    StringBuilder sb = new StringBuilder();
                    for (Named n : concat(fwd, bwd)) {
                        double ns = alone(n.call(), rounds, steps);
                        sum += ns;
                        sb.append(String.format(Locale.ROOT, "  %-34s %8.0f ns %6.1f GF/s%n", n.name(), ns, n.flops() / ns));
                    }
                    System.out.printf(Locale.ROOT, "alone: sum %.0f ns/step (%.1f GF/s)%n%s", sum, flops(fwd, bwd) / sum, sb);
                    break;
                }
                case "seq": {
                    double[] fb = sequence(fwd, bwd, rounds, steps);
                    System.out.printf(Locale.ROOT, "seq:   forward %.0f ns (%.1f GF/s), backward %.0f ns (%.1f GF/s), total %.0f%n",
                            fb[0], flops(fwd, List.of()) / fb[0], fb[1], flops(List.of(), bwd) / fb[1], fb[0] + fb[1]);
                    break;
                }
                case "step": {
                    double[] med = step(network, x, y, grad, loss, opt, clock, rounds, steps);
                    System.out.printf(Locale.ROOT, "step:  total %.0f ns; forward %.0f (%.1f GF/s), loss %.0f, backward %.0f (%.1f GF/s), update %.0f%n",
                            med[0], med[1], flops(fwd, List.of()) / med[1], med[2], med[3], flops(List.of(), bwd) / med[3], med[4]);
                    break;
                }
                case "ab": {
                    interleaved(network, x, y, grad, loss, opt, clock, fwd, bwd, rounds, steps);
                    break;
                }
                case "blocks": {
                    // the backward's products with each layer's input gradient split into the weight gradient's
                    // 32-row blocks and computed right after them (G's block still hot), against the step's order
                    List<Named> alt = reorder(network, x, y, loss);
                    double[] ta = new double[rounds];
                    double[] tb = new double[rounds];
                    for (int i = 0; i < 3000; i++) {
                        for (Named n : bwd) {
                            n.call().run();
                        }
                        for (Named n : alt) {
                            n.call().run();
                        }
                    }
                    for (int r = 0; r < rounds; r++) {
                        boolean altFirst = (r & 1) == 1;
                        for (int pass = 0; pass < 2; pass++) {
                            List<Named> list = (pass == 0) == altFirst ? alt : bwd;
                            long t0 = cpu();
                            for (int i = 0; i < steps; i++) {
                                for (Named n : fwd) {
                                    n.call().run();
                                }
                                for (Named n : list) {
                                    n.call().run();
                                }
                            }
                            double ns = (cpu() - t0) / (double) steps;
                            if (list == alt) {
                                ta[r] = ns;
                            } else {
                                tb[r] = ns;
                            }
                        }
                    }
                    System.out.printf(Locale.ROOT, "forward+backward products per step: step order %.0f ns, blocks interleaved %.0f ns, ratio %.4f%n",
                            median(tb), median(ta), medianRatio(ta, tb));
                    break;
                }
                case "clean": {
                    // totals per round with two clock reads per round (the thread-CPU clock costs microseconds here)
                    List<Named> all = concat(fwd, bwd);
                    for (int i = 0; i < 3000; i++) {
                        oneStep(network, x, y, grad, loss, opt, clock);
                        for (Named n : all) {
                            n.call().run();
                        }
                    }
                    double[] tStep = new double[rounds];
                    double[] tSeq = new double[rounds];
                    double[] tAlone = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        long t0 = cpu();
                        for (int i = 0; i < steps; i++) {
                            oneStep(network, x, y, grad, loss, opt, clock);
                        }
                        long t1 = cpu();
                        for (int i = 0; i < steps; i++) {
                            for (Named n : all) {
                                n.call().run();
                            }
                        }
                        long t2 = cpu();
                        for (Named n : all) {
                            for (int i = 0; i < steps; i++) {
                                n.call().run();
                            }
                        }
                        long t3 = cpu();
                        tStep[r] = (t1 - t0) / (double) steps;
                        tSeq[r] = (t2 - t1) / (double) steps;
                        tAlone[r] = (t3 - t2) / (double) steps;
                    }
                    long c0 = cpu();
                    for (int i = 0; i < 10000; i++) {
                        cpu();
                    }
                    double clockNs = (cpu() - c0) / 10000.0;
                    double f = flops(fwd, bwd);
                    System.out.printf(Locale.ROOT, "clean, %d rounds of %d: step %.0f ns; products in step order %.0f ns (%.1f GF/s); "
                            + "each product alone, summed %.0f ns (%.1f GF/s); seq/alone %.4f, step/seq %.4f; thread-CPU clock read %.0f ns%n",
                            rounds, steps, median(tStep), median(tSeq), f / median(tSeq), median(tAlone), f / median(tAlone),
                            medianRatio(tSeq, tAlone), medianRatio(tStep, tSeq), clockNs);
                    break;
                }
                case "touch": {
                    // each product's operands read sequentially (one load per cache line) right before it, the
                    // reads counted in the time: does streaming cold operands in order beat the kernels' strided first touches?
                    List<Named> plain = concat(fwd, bwd);
                    List<Named> touched = touchedProducts(network, x, y, loss);
                    for (int i = 0; i < 3000; i++) {
                        for (Named n : plain) {
                            n.call().run();
                        }
                        for (Named n : touched) {
                            n.call().run();
                        }
                    }
                    double[] tp = new double[rounds];
                    double[] tt = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        boolean touchFirst = (r & 1) == 1;
                        for (int pass = 0; pass < 2; pass++) {
                            List<Named> list = (pass == 0) == touchFirst ? touched : plain;
                            long t0 = cpu();
                            for (int i = 0; i < steps; i++) {
                                for (Named n : list) {
                                    n.call().run();
                                }
                            }
                            double ns = (cpu() - t0) / (double) steps;
                            if (list == touched) {
                                tt[r] = ns;
                            } else {
                                tp[r] = ns;
                            }
                        }
                    }
                    System.out.printf(Locale.ROOT, "products per step: as in the step %.0f ns, operands streamed first %.0f ns, ratio %.4f (sink %s)%n",
                            median(tp), median(tt), medianRatio(tt, tp), sink == 12345.678 ? "!" : ".");
                    break;
                }
                case "tiny": {
                    Matrix a = new Matrix(4, 1, new double[]{1, 2, 3, 4});
                    Matrix b = new Matrix(1, 12, new double[12]);
                    Matrix bt = new Matrix(12, 1, new double[12]);
                    Matrix r = new Matrix(1, 12);
                    Matrix c = new Matrix(4, 12);
                    Matrix w = new Matrix(12, 12);
                    System.out.printf(Locale.ROOT, "tiny products (driver + one tile), ns per call: A·B 4x12x1 %.0f, A·Bt+r 4x12x1 %.0f, At·B rows 12x12x1 %.0f%n",
                            alone(() -> Gemm.times(a, b, c, false), rounds, steps * 10),
                            alone(() -> Gemm.timesTransposePlusRow(a, bt, r, c), rounds, steps * 10),
                            alone(() -> Gemm.transposeTimesRows(b, b, 0, 1, w, true), rounds, steps * 10));
                    break;
                }
                case "alloc": {
                    com.sun.management.ThreadMXBean tb = (com.sun.management.ThreadMXBean) BEAN;
                    long tid = Thread.currentThread().getId();
                    for (int i = 0; i < 5000; i++) {
                        oneStep(network, x, y, grad, loss, opt, clock);
                    }
                    long b0 = tb.getThreadAllocatedBytes(tid);
                    for (int i = 0; i < 10000; i++) {
                        oneStep(network, x, y, grad, loss, opt, clock);
                    }
                    long b1 = tb.getThreadAllocatedBytes(tid);
                    for (int i = 0; i < 10000; i++) {
                        for (Named n : concat(fwd, bwd)) {
                            n.call().run();
                        }
                    }
                    long b2 = tb.getThreadAllocatedBytes(tid);
                    System.out.printf(Locale.ROOT, "allocated bytes per step: full step %.1f, its products alone %.1f%n",
                            (b1 - b0) / 10000.0, (b2 - b1) / 10000.0);
                    break;
                }
                case "noop": {
                    org.occam.core.math.GemmBackend real = Gemm.backend();
                    Gemm.setBackend(new org.occam.core.math.GemmBackend() {
                        @Override
                        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                                         int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
                        }

                        @Override
                        public void gemmPlusRow(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff,
                                                int lda, double[] b, int bOff, int ldb, double[] r, int rOff, double[] c,
                                                int cOff, int ldc) {
                        }

                        @Override
                        public String name() {
                            return "none";
                        }
                    });
                    double[] med = step(network, x, y, grad, loss, opt, clock, rounds, steps);
                    System.out.printf(Locale.ROOT, "noop-products step: total %.0f ns; forward %.0f, loss %.0f, backward %.0f, update %.0f%n",
                            med[0], med[1], med[2], med[3], med[4]);
                    Gemm.setBackend(real);
                    break;
                }
                default: throw new IllegalArgumentException(what);
            }
        }
    }

    private static List<Named> concat(List<Named> a, List<Named> b) {
        List<Named> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static double flops(List<Named> a, List<Named> b) {
        double f = 0;
        for (Named n : concat(a, b)) {
            f += n.flops();
        }
        return f;
    }

    private static void capture(Network network, Matrix x, Matrix y, SoftmaxCrossEntropy loss,
                                List<Named> fwd, List<Named> bwd) {
        List<Layer> layers = network.layers();
        List<Matrix> inputs = new ArrayList<>();
        Matrix h = x;
        for (Layer l : layers) {
            inputs.add(h.copy());
            h = l.forward(h, Mode.TRAIN);
        }
        Matrix g = new Matrix(BATCH, h.cols());
        loss.lossAndGradient(h, y, g);
        List<Matrix> grads = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            grads.add(null);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            grads.set(i, g.copy());
            g = layers.get(i).backward(g, i > 0);
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Dense d)) {
                continue;
            }
            Matrix xi = inputs.get(i);
            Matrix w = d.weight().value();
            Matrix b = d.bias().value();
            Matrix yo = new Matrix(BATCH, w.rows());
            String shape = w.rows() + "x" + w.cols();
            Named nf = new Named("fwd " + shape + " X·Wt+b", () -> Gemm.timesTransposePlusRow(xi, w, b, yo),
                    2.0 * BATCH * w.rows() * w.cols());
            fwd.add(nf);
            OPERANDS.put(nf, new Matrix[]{xi, w, yo});
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (!(layers.get(i) instanceof Dense d)) {
                continue;
            }
            Matrix xi = inputs.get(i);
            Matrix gi = grads.get(i);
            Matrix w = d.weight().value();
            Matrix gw = new Matrix(w.rows(), w.cols());
            String shape = w.rows() + "x" + w.cols();
            for (int from = 0; from < BATCH; from += BLOCK) {
                int f = from;
                Named nw = new Named("wgrad " + shape + " rows " + from, () -> Gemm.transposeTimesRows(gi, xi, f, f + BLOCK, gw, true),
                        2.0 * BLOCK * w.rows() * w.cols());
                bwd.add(nw);
                OPERANDS.put(nw, new Matrix[]{gi, xi, gw});
            }
            if (i > 0) {
                Matrix gin = new Matrix(BATCH, w.cols());
                Named ni = new Named("igrad " + shape + " G·W", () -> Gemm.times(gi, w, gin, false),
                        2.0 * BATCH * w.rows() * w.cols());
                bwd.add(ni);
                OPERANDS.put(ni, new Matrix[]{gi, w, gin});
            }
        }
    }

    /**
     * Rounds of: the full step, the products in sequence, each product alone, in turn (so that load
     * changes hit all three alike); prints the medians and the median per-round ratios.
     */
    private static void interleaved(Network network, Matrix x, Matrix y, Matrix grad, SoftmaxCrossEntropy loss,
                                    Optimizer.OptimizerRun opt, TrainingClock clock, List<Named> fwd, List<Named> bwd,
                                    int rounds, int steps) {
        List<Named> all = concat(fwd, bwd);
        for (int i = 0; i < 3000; i++) {
            oneStep(network, x, y, grad, loss, opt, clock);
            for (Named n : all) {
                n.call().run();
            }
        }
        int nc = all.size();
        double[][] t = new double[8 + 2 * nc][rounds];
        for (int r = 0; r < rounds; r++) {
            long sf = 0, sb = 0, st = 0;
            for (int i = 0; i < steps; i++) {
                long t0 = cpu();
                network.zeroGradients();
                Matrix logits = network.forward(x, Mode.TRAIN);
                long t1 = cpu();
                loss.lossAndGradient(logits, y, grad);
                long t2 = cpu();
                network.backward(grad);
                long t3 = cpu();
                opt.step(clock);
                long t4 = cpu();
                st += t4 - t0;
                sf += t1 - t0;
                sb += t3 - t2;
            }
            long qf = 0, qb = 0;
            for (int i = 0; i < steps; i++) {
                long t0 = cpu();
                for (Named n : fwd) {
                    n.call().run();
                }
                long t1 = cpu();
                for (Named n : bwd) {
                    n.call().run();
                }
                long t2 = cpu();
                qf += t1 - t0;
                qb += t2 - t1;
            }
            long[] per = new long[nc];
            for (int i = 0; i < steps; i++) {
                long t0 = cpu();
                for (int q = 0; q < nc; q++) {
                    all.get(q).call().run();
                    long t1 = cpu();
                    per[q] += t1 - t0;
                    t0 = t1;
                }
            }
            for (int q = 0; q < nc; q++) {
                t[8 + nc + q][r] = per[q] / (double) steps;
            }
            double af = 0, ab = 0;
            for (int q = 0; q < nc; q++) {
                Call c = all.get(q).call();
                long t0 = cpu();
                for (int i = 0; i < steps; i++) {
                    c.run();
                }
                double ns = (cpu() - t0) / (double) steps;
                t[8 + q][r] = ns;
                if (q < fwd.size()) {
                    af += ns;
                } else {
                    ab += ns;
                }
            }
            t[0][r] = st / (double) steps;
            t[1][r] = sf / (double) steps;
            t[2][r] = sb / (double) steps;
            t[3][r] = qf / (double) steps;
            t[4][r] = qb / (double) steps;
            t[5][r] = af;
            t[6][r] = ab;
        }
        System.out.printf(Locale.ROOT, "interleaved, %d rounds of %d steps (median ns/step):%n", rounds, steps);
        System.out.printf(Locale.ROOT, "  step total %.0f; step forward %.0f, step backward %.0f%n", median(t[0]), median(t[1]), median(t[2]));
        System.out.printf(Locale.ROOT, "  seq  forward %.0f, backward %.0f%n", median(t[3]), median(t[4]));
        System.out.printf(Locale.ROOT, "  alone forward %.0f, backward %.0f%n", median(t[5]), median(t[6]));
        System.out.printf(Locale.ROOT, "  ratios (median per round): step/seq fwd %.3f bwd %.3f; seq/alone fwd %.3f bwd %.3f%n",
                medianRatio(t[1], t[3]), medianRatio(t[2], t[4]), medianRatio(t[3], t[5]), medianRatio(t[4], t[6]));
        for (int q = 0; q < nc; q++) {
            System.out.printf(Locale.ROOT, "  %-34s alone %8.0f ns %6.1f GF/s, in sequence %8.0f ns %6.1f GF/s, ratio %.3f%n",
                    all.get(q).name(), median(t[8 + q]), all.get(q).flops() / median(t[8 + q]),
                    median(t[8 + nc + q]), all.get(q).flops() / median(t[8 + nc + q]), medianRatio(t[8 + nc + q], t[8 + q]));
        }
    }

    private static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }

    private static void oneStep(Network network, Matrix x, Matrix y, Matrix grad, SoftmaxCrossEntropy loss,
                                Optimizer.OptimizerRun opt, TrainingClock clock) {
        network.zeroGradients();
        Matrix logits = network.forward(x, Mode.TRAIN);
        loss.lossAndGradient(logits, y, grad);
        network.backward(grad);
        opt.step(clock);
    }

    /** Keeps the touch loops' loads alive. */
    static double sink;

    /** Reads one value per cache line of a[from, to). */
    private static void touch(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i += 8) {
            s += a[i];
        }
        sink += s;
    }

    /** The step's products, each preceded by sequential reads of its operands A, B and C. */
    private static List<Named> touchedProducts(Network network, Matrix x, Matrix y, SoftmaxCrossEntropy loss) {
        List<Named> fwd = new ArrayList<>();
        List<Named> bwd = new ArrayList<>();
        capture(network, x, y, loss, fwd, bwd);
        List<Named> out = new ArrayList<>();
        for (Named n : concat(fwd, bwd)) {
            Matrix[] ops = OPERANDS.get(n);
            out.add(new Named(n.name(), () -> {
                for (Matrix m : ops) {
                    touch(m.data(), 0, m.size());
                }
                n.call().run();
            }, n.flops()));
        }
        return out;
    }

    /** Each captured product's operand matrices. */
    private static final java.util.Map<Named, Matrix[]> OPERANDS = new java.util.IdentityHashMap<>();

    /** The backward's products with each input gradient computed per 32-row block right after that block's weight gradient. */
    private static List<Named> reorder(Network network, Matrix x, Matrix y, SoftmaxCrossEntropy loss) {
        List<Layer> layers = network.layers();
        List<Matrix> inputs = new ArrayList<>();
        Matrix h = x;
        for (Layer l : layers) {
            inputs.add(h.copy());
            h = l.forward(h, Mode.TRAIN);
        }
        Matrix g = new Matrix(BATCH, h.cols());
        loss.lossAndGradient(h, y, g);
        List<Matrix> grads = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            grads.add(null);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            grads.set(i, g.copy());
            g = layers.get(i).backward(g, i > 0);
        }
        List<Named> out = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (!(layers.get(i) instanceof Dense d)) {
                continue;
            }
            Matrix xi = inputs.get(i);
            Matrix gi = grads.get(i);
            Matrix w = d.weight().value();
            Matrix gw = new Matrix(w.rows(), w.cols());
            Matrix gin = new Matrix(BATCH, w.cols());
            int o = w.rows();
            int in = w.cols();
            for (int from = 0; from < BATCH; from += BLOCK) {
                int fr = from;
                out.add(new Named("wgrad", () -> Gemm.transposeTimesRows(gi, xi, fr, fr + BLOCK, gw, true), 2.0 * BLOCK * o * in));
                if (i > 0) {
                    out.add(new Named("igrad block", () -> Gemm.backend().gemm(false, false, BLOCK, in, o, 1.0,
                            gi.data(), fr * o, o, w.data(), 0, in, 0.0, gin.data(), fr * in, in), 2.0 * BLOCK * o * in));
                }
            }
        }
        return out;
    }

    /** Median ns per call of one product repeated. */
    private static double alone(Call c, int rounds, int steps) {
        for (int i = 0; i < 3000; i++) {
            c.run();
        }
        double[] t = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu();
            for (int i = 0; i < steps; i++) {
                c.run();
            }
            t[r] = (cpu() - t0) / (double) steps;
        }
        return median(t);
    }

    /** Median ns per step of the forward's and the backward's products, in the step's order. */
    private static double[] sequence(List<Named> fwd, List<Named> bwd, int rounds, int steps) {
        for (int i = 0; i < 3000; i++) {
            for (Named n : fwd) {
                n.call().run();
            }
            for (Named n : bwd) {
                n.call().run();
            }
        }
        double[] f = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long tf = 0;
            long tb = 0;
            for (int i = 0; i < steps; i++) {
                long t0 = cpu();
                for (Named n : fwd) {
                    n.call().run();
                }
                long t1 = cpu();
                for (Named n : bwd) {
                    n.call().run();
                }
                long t2 = cpu();
                tf += t1 - t0;
                tb += t2 - t1;
            }
            f[r] = tf / (double) steps;
            b[r] = tb / (double) steps;
        }
        return new double[]{median(f), median(b)};
    }

    /** Median ns per step: total, forward, loss, backward, update. */
    private static double[] step(Network network, Matrix x, Matrix y, Matrix grad, SoftmaxCrossEntropy loss,
                                 Optimizer.OptimizerRun opt, TrainingClock clock, int rounds, int steps) {
        for (int i = 0; i < 3000; i++) {
            network.zeroGradients();
            Matrix logits = network.forward(x, Mode.TRAIN);
            loss.lossAndGradient(logits, y, grad);
            network.backward(grad);
            opt.step(clock);
        }
        double[][] t = new double[5][rounds];
        for (int r = 0; r < rounds; r++) {
            long[] acc = new long[5];
            for (int i = 0; i < steps; i++) {
                long t0 = cpu();
                network.zeroGradients();
                Matrix logits = network.forward(x, Mode.TRAIN);
                long t1 = cpu();
                loss.lossAndGradient(logits, y, grad);
                long t2 = cpu();
                network.backward(grad);
                long t3 = cpu();
                opt.step(clock);
                long t4 = cpu();
                acc[0] += t4 - t0;
                acc[1] += t1 - t0;
                acc[2] += t2 - t1;
                acc[3] += t3 - t2;
                acc[4] += t4 - t3;
            }
            for (int q = 0; q < 5; q++) {
                t[q][r] = acc[q] / (double) steps;
            }
        }
        double[] m = new double[5];
        for (int q = 0; q < 5; q++) {
            m[q] = median(t[q]);
        }
        return m;
    }

    private static final java.lang.management.ThreadMXBean BEAN = java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time in ns (the machine is shared: wall time counts other processes' slices). */
    private static long cpu() {
        return BEAN.getCurrentThreadCpuTime();
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
