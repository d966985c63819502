package org.occam.core.math;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that decides whether a second thread is used: how many threads Occam may use, the
 * size from which a product is split, and one adaptive probe that both users of a second thread —
 * split products ({@link Gemm}) and the training loop's data-parallel minibatch — consult.
 * Results never depend on any of it: products are split only along rows or columns of C, and the
 * data-parallel pass reduces gradients in the same fixed row blocks as one thread does.
 * <p>
 * <b>Threads</b>: {@code -Doccam.threads=N} (default 1) or {@link #setThreads}.
 * <p>
 * <b>The probe</b> (one threshold): a unit of work is a split product or a data-parallel training
 * step. After {@value #WARMUP} units, a probe of {@value #PROBE} units alternates blocks of
 * {@value #BLOCK} units on two threads and on one (the first {@value #SETTLE} of each block
 * untimed); the flop rates decide, and the next {@value #HOLD} units run the faster way. Two
 * threads are kept unless their rate was below one thread's by more than the factor
 * {@value #BACK_OFF}: a second thread's gain on a shared 2-vCPU machine is small, and stolen time
 * slices make a single probe err either way. {@link #setBackOff setBackOff(false)} turns the probe
 * off (always two threads, for tests and benchmarks of the split itself).
 */
public final class ThreadPolicy {
    private static final Logger logger = Logger.getLogger(ThreadPolicy.class.getName());

    /** System property with the thread count (≥ 1). */
    public static final String THREADS_PROPERTY = "occam.threads";
    /** Units before the first probe (JIT warm-up). */
    static final int WARMUP = 200;
    /** Units of a probe: alternating blocks on two threads and on one. */
    static final int PROBE = 512;
    /** Units per block of a probe. */
    static final int BLOCK = 32;
    /** Units at the start of a block that are not timed (a parked worker wakes up, caches refill). */
    static final int SETTLE = 4;
    /** Two threads are given up only if their flop rate times this is below one thread's. */
    static final double BACK_OFF = 1.05;
    /** Units between probes, run the faster way. */
    static final int HOLD = 8192;

    private static volatile long parallelThreshold = 1L << 20;   // ≈ 64×128×64: smaller products do not pay a hand-off
    private static volatile boolean backOffEnabled = true;
    private static volatile boolean backedOff;
    private static boolean decidedOnce;
    private static long units;
    private static final double[] PROBE_NANOS = new double[2];
    private static final double[] PROBE_FLOPS = new double[2];

    static {
        GemmThreads.setThreads(parseThreads(System.getProperty(THREADS_PROPERTY, "1")));
    }

    private ThreadPolicy() {}

    private static int parseThreads(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_PROPERTY + ": expected an integer ≥ 1, found '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(THREADS_PROPERTY + ": expected an integer ≥ 1, found " + n);
        }
        return n;
    }

    /** @return how many threads Occam may use */
    public static int threads() {
        return GemmThreads.threads();
    }

    /**
     * Sets how many threads Occam may use (1 = the calling thread only) and restarts the probe.
     * Results do not depend on it.
     * @param threads ≥ 1
     */
    public static void setThreads(int threads) {
        GemmThreads.setThreads(threads);
        resetProbe();
    }

    /** @return the size (2·m·n·k flops) from which a product is split between threads */
    public static long parallelThreshold() {
        return parallelThreshold;
    }

    /**
     * Sets the size (2·m·n·k flops) from which a product is split between threads.
     * @param flops ≥ 0 (0 splits every product that has enough rows or columns)
     */
    public static void setParallelThreshold(long flops) {
        if (flops < 0) {
            throw new IllegalArgumentException("expected a threshold ≥ 0, found " + flops);
        }
        parallelThreshold = flops;
    }

    /**
     * Turns the probe on (default) or off; off always uses two threads where there are two, however
     * slow that is — for tests and benchmarks of the split itself.
     * @param enabled whether the probe may give up the second thread
     */
    public static synchronized void setBackOff(boolean enabled) {
        backOffEnabled = enabled;
        resetProbe();
    }

    /** @return whether the probe may give up the second thread (see {@link #setBackOff}) */
    public static boolean backOff() {
        return backOffEnabled;
    }

    /** @return true if the last probe found one thread faster (reset by {@link #setThreads}) */
    public static boolean backedOff() {
        return backedOff;
    }

    /**
     * Runs two independent tasks at the same time, {@code first} on the calling thread and
     * {@code second} on a worker thread, when {@link #threads()} ≥ 2 and the worker is not busy
     * with another caller; otherwise one after the other on the calling thread. The tasks must not
     * touch memory the other one writes. Products computed inside the tasks are not split further.
     * @param first the task for the calling thread
     * @param second the task for a worker (run by the calling thread after {@code first} if the
     *        worker has not started it by then)
     * @return true if a worker ran {@code second}
     */
    public static boolean runBoth(Runnable first, Runnable second) {
        return GemmThreads.both(first, second);
    }

    /**
     * Runs {@code first}, then {@code second}, on the calling thread, with the products they compute
     * unsplit (as inside {@link #runBoth}): the one-thread way of running the same two tasks.
     * @param first the first task
     * @param second the second task
     */
    public static void runInTurn(Runnable first, Runnable second) {
        GemmThreads.inTurn(first, second);
    }

    /** @return how many {@link #runBoth} calls so far had a worker run their second task (for benchmarks) */
    public static long concurrentPairs() {
        return GemmThreads.concurrentPairs();
    }

    /**
     * @return how many {@link #runBoth} calls so far offered their second task to a worker (there
     *         were two threads and the pool was free), whoever then ran it (for tests and benchmarks)
     */
    public static long handOffs() {
        return GemmThreads.handOffs();
    }

    /**
     * Whether the next unit of work (a split product or a data-parallel step) should use two
     * threads: always during the warm-up, alternating blocks during a probe, the last decision
     * between probes; always when the probe is off.
     * @return true for two threads
     */
    public static synchronized boolean twoThreads() {
        return !backOffEnabled || planned(units, backedOff);
    }

    /**
     * Counts a unit of work that {@link #twoThreads()} planned and, at the end of a probe, decides
     * which way is faster.
     * @param two whether it ran on two threads
     * @param nanos its wall time
     * @param flops its size
     */
    public static synchronized void record(boolean two, long nanos, double flops) {
        if (!backOffEnabled || threads() < 2) {
            return;
        }
        long u = units++;
        if (isTimed(u)) {
            int i = two ? 0 : 1;
            PROBE_NANOS[i] += nanos;
            PROBE_FLOPS[i] += flops;
        }
        long pos = u - WARMUP;
        if (pos < 0 || pos % (PROBE + HOLD) != PROBE - 1) {
            return;
        }
        double twoRate = PROBE_FLOPS[0] / PROBE_NANOS[0];
        double oneRate = PROBE_FLOPS[1] / PROBE_NANOS[1];
        boolean back = twoRate * BACK_OFF < oneRate;
        if (back != backedOff || !decidedOnce) {
            Level level = decidedOnce ? Level.FINE : Level.INFO;
            logger.log(level, () -> String.format(Locale.ROOT, "threads: %.2f GFLOP/s on two threads, %.2f on one; %s "
                    + "(same results either way)", twoRate, oneRate, back ? "one thread for now" : "two threads"));
        }
        backedOff = back;
        decidedOnce = true;
        GemmThreads.spinAllowed = !back;
        PROBE_NANOS[0] = 0;
        PROBE_NANOS[1] = 0;
        PROBE_FLOPS[0] = 0;
        PROBE_FLOPS[1] = 0;
    }

    /**
     * The probe's plan.
     * @param unit units counted so far
     * @param backedOff the last decision was one thread
     * @return whether this unit runs on two threads
     */
    static boolean planned(long unit, boolean backedOff) {
        long pos = unit - WARMUP;
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
     * @param unit units counted so far
     * @return whether this unit's time counts for the probe (in a probe, past the first units of its block)
     */
    static boolean isTimed(long unit) {
        long pos = unit - WARMUP;
        return pos >= 0 && pos % (PROBE + HOLD) < PROBE && pos % BLOCK >= SETTLE;
    }

    /** Starts the probe again. */
    static synchronized void resetProbe() {
        units = 0;
        backedOff = false;
        decidedOnce = false;
        GemmThreads.spinAllowed = true;
        java.util.Arrays.fill(PROBE_NANOS, 0);
        java.util.Arrays.fill(PROBE_FLOPS, 0);
    }
}
