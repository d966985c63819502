package org.occam.bench;

import org.occam.core.math.Gemm;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.math.GemmBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A quick GEMM throughput table (the JMH benchmarks are the careful version): for each backend,
 * kernel thread count and product shape, the best GFLOP/s over a few timed rounds, plus this core's
 * measured float64 peak (and two threads' summed peak). Kernel thread back-off is off, so the 2-thread rows
 * show what splitting a product achieves on this machine. Prints one JSON object per line, for {@code evaluation/bench/bench.py}.
 * <p>
 * Usage: {@code GemmThroughput [--backends java,vector] [--threads 1,2] [--millis 300] [--shapes 0,3]} (indices
 * into {@link #SHAPES}, all by default)
 */
public final class GemmThroughput {
    private GemmThroughput() {}

    /** A product shape: op and sizes of C (m × n) and k, and what it is in the MLP. */
    record Shape(String op, int m, int n, int k, String role) {}

    /** The products of one 20→128→128→2 (or 64→128→128→10) step at batch 64, and two larger ones. */
    static final List<Shape> SHAPES = List.of(
            new Shape("A·Bt", 64, 128, 128, "forward hidden2 (X·Wt)"),
            new Shape("At·B", 128, 128, 64, "weight gradient hidden2 (Gt·X)"),
            new Shape("A·B", 64, 128, 128, "input gradient hidden2 (G·W)"),
            new Shape("At·B", 128, 128, 32, "weight gradient hidden2, half batch (as a step computes it)"),
            new Shape("A·Bt", 64, 2, 128, "forward output, 2 classes"),
            new Shape("A·B", 64, 128, 2, "input gradient hidden2 from 2 classes (G·W)"),
            new Shape("A·Bt", 64, 128, 20, "forward hidden1, 20 features"),
            new Shape("A·Bt", 64, 10, 128, "forward output, 10 classes"),
            new Shape("A·Bt", 256, 128, 784, "large forward"),
            new Shape("A·Bt", 64, 128, 64, "forward hidden1, 64 features (digits)"),
            new Shape("At·B", 128, 64, 32, "weight gradient hidden1, 64 features, half batch (digits)"),
            new Shape("A·B", 64, 128, 10, "input gradient hidden2 from 10 classes (G·W)"),
            new Shape("At·B", 10, 128, 32, "weight gradient output, 10 classes, half batch"),
            new Shape("At·B", 128, 20, 32, "weight gradient hidden1, 20 features, half batch"),
            new Shape("At·B", 2, 128, 32, "weight gradient output, 2 classes, half batch"),
            new Shape("A·B", 256, 784, 128, "large input gradient"));

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) throws InterruptedException {
        List<String> backends = new ArrayList<>(List.of("java", "vector"));
        List<Integer> threads = new ArrayList<>(List.of(1, 2));
        long millis = 300;
        List<Shape> shapes = SHAPES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backends": backends = List.of(args[++i].split(",")); break;
                case "--threads": threads = new ArrayList<>(); for (String t : args[++i].split(",")) { threads.add(Integer.parseInt(t)); } break;
                case "--millis": millis = Long.parseLong(args[++i]); break;
                case "--shapes": shapes = new ArrayList<>(); for (String x : args[++i].split(",")) { shapes.add(SHAPES.get(Integer.parseInt(x))); } break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean vector = Gemm.vectorAvailable();
        if (vector) {
            System.out.println(String.format(Locale.ROOT, "{\"kind\":\"peak\",\"gflops\":%.2f,\"lanes\":%d}", PeakFlops.measure(),
                    PeakFlops.lanes()));
            System.out.println(String.format(Locale.ROOT, "{\"kind\":\"peak2\",\"gflops\":%.2f}", PeakFlops.measureConcurrent(2)));
        }
        for (String name : backends) {
            if (name.equals("vector") && !vector) {
                continue;
            }
            GemmBackend backend = Gemm.selectBackend(name, vector);
            ThreadPolicy.setBackOff(false);      // measure the split itself, even where it does not pay
            for (int t : threads) {
                ThreadPolicy.setThreads(t);
                for (Shape s : shapes) {
                    double g = measure(backend, s, millis);
                    System.out.println(String.format(Locale.ROOT,
                            "{\"kind\":\"gemm\",\"backend\":\"%s\",\"threads\":%d,\"op\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"role\":\"%s\",\"gflops\":%.2f}",
                            name, t, s.op(), s.m(), s.n(), s.k(), s.role(), g));
                }
            }
        }
        ThreadPolicy.setThreads(1);
    }

    /** Calls of each product before its timed rounds, at least: enough for the JIT's tier-4 thresholds. */
    static final int WARM_CALLS = 3000;

    /**
     * @return best GFLOP/s over 5 timed rounds of about {@code millis / 5} each, after a warm-up of at least
     *         {@code millis} and {@link #WARM_CALLS} calls (or 5 × {@code millis}). Each round's call count comes from a timed batch
     *         after the warm-up, not from the warm-up's own count: the first product measured on a backend
     *         warms up in the interpreter and C1 (where Vector API code is 10-100× slower), so counting its
     *         warm-up calls gave rounds of one or two calls, still partly interpreted, and the first vector row
     *         read 2 GFLOP/s instead of 16.
     */
    static double measure(GemmBackend backend, Shape s, long millis) {
        SplittableRandom rng = new SplittableRandom(1);
        boolean ta = s.op().startsWith("At");
        boolean tb = s.op().endsWith("Bt");
        double[] a = rng.doubles((long) s.m() * s.k(), -1, 1).toArray();
        double[] b = rng.doubles((long) s.k() * s.n(), -1, 1).toArray();
        double[] c = new double[s.m() * s.n()];
        int lda = ta ? s.m() : s.k();
        int ldb = tb ? s.k() : s.n();
        double flops = 2.0 * s.m() * s.n() * s.k();
        long start = System.nanoTime();
        long warm = start + millis * 1_000_000L;
        long warmMax = start + 5 * millis * 1_000_000L;                  // large products: time, not calls
        for (int reps = 0; System.nanoTime() < warm || reps < WARM_CALLS && System.nanoTime() < warmMax; reps++) {
            backend.gemm(ta, tb, s.m(), s.n(), s.k(), 1.0, a, lda, b, ldb, 0.0, c, s.n());
        }
        long probe = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - probe < millis * 100_000L) {        // a tenth of millis, at full speed
            backend.gemm(ta, tb, s.m(), s.n(), s.k(), 1.0, a, lda, b, ldb, 0.0, c, s.n());
            calls++;
        }
        int perRound = Math.max(1, (int) (calls * 2L));                  // about millis / 5 per round
        double best = 0;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                backend.gemm(ta, tb, s.m(), s.n(), s.k(), 1.0, a, lda, b, ldb, 0.0, c, s.n());
            }
            best = Math.max(best, flops * perRound / (System.nanoTime() - t0));
        }
        return best;
    }
}
