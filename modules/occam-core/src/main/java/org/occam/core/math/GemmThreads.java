package org.occam.core.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads: splits one product's output C into disjoint row (or column) ranges, runs the
 * first range on the calling thread and the others on workers, and returns when all are done; and
 * runs two whole tasks at once ({@link #both}). Never splits the sum over k, so each element of C
 * is computed by exactly one thread in the same order whatever the thread count. Whether a second
 * thread is used at all is {@link ThreadPolicy}'s decision.
 * <p>
 * Hand-off: a product of 64×128×128 takes ~50 µs, while waking a parked thread takes tens of µs,
 * so workers spin-wait ({@link Thread#onSpinWait()}) for a new range for {@value #SPIN_MICROS} µs
 * after their last one before they park. A range the worker has not started by the time the
 * caller finished its own is taken back and computed by the caller, so a late worker costs no more
 * than computing alone. The pool serves one caller at a time: a second thread calling while it is
 * busy (two trainings in parallel) simply computes alone, which gives the same bits.
 */
final class GemmThreads {
    /** How long an idle worker spins before it parks. */
    static final long SPIN_MICROS = 200;
    /**
     * Busy spins (some µs) before a waiting thread — a worker waiting for a range, or a caller waiting
     * for a worker — calls {@link Thread#yield()} in its loop instead, so that where more threads
     * want to run than there are CPUs (another process is busy) it does not take the CPU from the
     * thread it waits for.
     */
    static final long YIELD_AFTER_SPINS = 1 << 10;

    /** A rectangle of C to compute. */
    @FunctionalInterface
    interface RangeKernel {
        void run(int i0, int i1, int j0, int j1);
    }

    private static volatile int threads = 1;
    private static Worker[] workers = new Worker[0];
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile long concurrentPairs;
    private static volatile long handOffs;
    /** Workers spin between products only while this is true. */
    static volatile boolean spinAllowed = true;

    private GemmThreads() {}

    static int threads() {
        return threads;
    }

    static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("expected a thread count ≥ 1, found " + n);
        }
        while (!BUSY.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            for (Worker w : workers) {
                w.stop();
            }
            workers = new Worker[0];
            threads = n;
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * Computes all of C, split between the kernel threads when it pays.
     * @param m rows of C
     * @param n columns of C
     * @param k inner dimension
     * @param rowAlign split rows at multiples of this
     * @param colAlign split columns at multiples of this
     * @param kernel computes one rectangle
     */
    static void run(int m, int n, int k, int rowAlign, int colAlign, RangeKernel kernel) {
        int t = threads;
        double flops = 2.0 * m * n * k;
        if (t == 1 || flops < ThreadPolicy.parallelThreshold()) {
            kernel.run(0, m, 0, n);
            return;
        }
        boolean byRows = m >= t * rowAlign;
        if (!byRows && n < t * colAlign) {
            kernel.run(0, m, 0, n);
            return;
        }
        if (!BUSY.compareAndSet(false, true)) {
            kernel.run(0, m, 0, n);
            return;
        }
        try {
            boolean split = ThreadPolicy.twoThreads();
            long start = System.nanoTime();
            if (split) {
                split(m, n, t, byRows, rowAlign, colAlign, kernel);
            } else {
                kernel.run(0, m, 0, n);
            }
            ThreadPolicy.record(split, System.nanoTime() - start, flops);
        } finally {
            BUSY.set(false);
        }
    }

    /** Called with BUSY held. */
    private static void split(int m, int n, int t, boolean byRows, int rowAlign, int colAlign, RangeKernel kernel) {
        Worker[] ws = workers(t);
        int extent = byRows ? m : n;
        int align = byRows ? rowAlign : colAlign;
        int units = (extent + align - 1) / align;
        int to0 = Math.min(extent, (units / t + (units % t > 0 ? 1 : 0)) * align);
        int from = to0;
        for (int w = 0; w < t - 1; w++) {
            int part = w + 1;
            int u = units / t + (units % t > part ? 1 : 0);
            int to = Math.min(extent, from + u * align);
            if (byRows) {
                ws[w].post(kernel, from, to, 0, n);
            } else {
                ws[w].post(kernel, 0, m, from, to);
            }
            from = to;
        }
        Throwable error = null;
        try {
            if (byRows) {
                kernel.run(0, to0, 0, n);
            } else {
                kernel.run(0, m, 0, to0);
            }
        } catch (RuntimeException | Error e) {
            error = e;
        }
        for (int w = 0; w < t - 1; w++) {
            Throwable e = ws[w].await();
            if (error == null) {
                error = e;
            }
        }
        rethrow(error);
    }

    /** Throws a task's error, if any, on the calling thread. */
    private static void rethrow(Throwable error) {
        if (error instanceof RuntimeException) {
            throw (RuntimeException) error;
        } else if (error != null) {
            throw (Error) error;
        }
    }

    /**
     * Runs two independent tasks: {@code second} on a kernel thread while {@code first} runs on the
     * calling thread, when there are at least two kernel threads and the pool is free; otherwise
     * {@code first}, then {@code second}, on the calling thread. If the kernel thread has not started
     * {@code second} by the time {@code first} is done, the calling thread runs it too. The tasks
     * must not write to memory the other one reads or writes; products they compute run on their
     * own thread, unsplit.
     * @param first the caller's task
     * @param second the other task
     * @return true if a kernel thread ran {@code second}
     */
    static boolean both(Runnable first, Runnable second) {
        if (threads < 2 || !BUSY.compareAndSet(false, true)) {
            first.run();
            second.run();
            return false;
        }
        try {
            handOffs++;                  // only the BUSY holder writes it
            spinAllowed = true;          // tasks come in quick succession: keep the worker spinning
            Worker w = workers(threads)[0];
            w.post((i0, i1, j0, j1) -> second.run(), 0, 0, 0, 0);
            Throwable error = null;
            try {
                first.run();
            } catch (RuntimeException | Error e) {
                error = e;
            }
            Throwable e = w.await();
            rethrow(error == null ? e : error);
            if (w.lastStolen()) {
                return false;
            }
            concurrentPairs++;           // only the BUSY holder writes it
            return true;
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * Runs {@code first}, then {@code second}, on the calling thread, holding the pool so that
     * their products are not split either (a training that decided one thread is faster).
     * @param first the first task
     * @param second the second task
     */
    static void inTurn(Runnable first, Runnable second) {
        if (threads < 2 || !BUSY.compareAndSet(false, true)) {
            first.run();
            second.run();
            return;
        }
        try {
            first.run();
            second.run();
        } finally {
            BUSY.set(false);
        }
    }

    static long concurrentPairs() {
        return concurrentPairs;
    }

    static long handOffs() {
        return handOffs;
    }

    /** Called with BUSY held. */
    private static Worker[] workers(int t) {
        if (workers.length != t - 1) {
            Worker[] ws = new Worker[t - 1];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = new Worker("occam-gemm-" + (i + 1));
            }
            workers = ws;
        }
        return workers;
    }

    /** One spin-waiting kernel thread. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private volatile long posted;
        private volatile long done;
        private volatile boolean parked;
        private volatile boolean stopped;
        /** The last range someone (worker or caller) took on: claiming it is what decides who computes it. */
        private final java.util.concurrent.atomic.AtomicLong claimed = new java.util.concurrent.atomic.AtomicLong();
        private boolean stolen;
        private RangeKernel kernel;
        private int i0;
        private int i1;
        private int j0;
        private int j1;
        private Throwable error;

        Worker(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Hands a range to this worker (caller side). */
        void post(RangeKernel k, int r0, int r1, int c0, int c1) {
            kernel = k;
            i0 = r0;
            i1 = r1;
            j0 = c0;
            j1 = c1;
            error = null;
            posted = posted + 1;          // volatile write publishes the fields above
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /**
         * Waits for the posted range (caller side), or computes it on the calling thread if the
         * worker has not started it yet (it is descheduled or parked): a late worker then costs no
         * more than computing alone.
         * @return its error, or null
         */
        Throwable await() {
            long target = posted;
            if (claimed.compareAndSet(target - 1, target)) {
                stolen = true;
                RangeKernel k = kernel;
                kernel = null;
                try {
                    k.run(i0, i1, j0, j1);
                } catch (RuntimeException | Error e) {
                    return e;
                }
                return null;
            }
            stolen = false;
            long spins = 0;
            while (done != target) {
                if (++spins < YIELD_AFTER_SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();          // the worker was descheduled mid-range: let it have this CPU
                }
            }
            kernel = null;
            return error;
        }

        /** @return true if the calling thread computed the last awaited range itself */
        boolean lastStolen() {
            return stolen;
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!stopped) {
                long spinStart = System.nanoTime();
                int spins = 0;
                while (posted == seen && !stopped) {
                    if (++spins < YIELD_AFTER_SPINS) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();      // still quick to notice work, but lets a waiting thread have this CPU
                    }
                    if ((spins & 255) == 0 && (!spinAllowed || System.nanoTime() - spinStart > SPIN_MICROS * 1000)) {
                        parked = true;
                        if (posted == seen && !stopped) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        spinStart = System.nanoTime();
                    }
                }
                if (stopped) {
                    return;
                }
                seen = posted;
                if (!claimed.compareAndSet(seen - 1, seen)) {
                    continue;                // the caller took this range back
                }
                try {
                    kernel.run(i0, i1, j0, j1);
                } catch (Throwable e) {
                    error = e;
                }
                done = seen;                 // volatile write publishes C and error
            }
        }
    }
}
