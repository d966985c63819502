package org.occam.core.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel threads: splits one product's output C into disjoint row (or column) ranges, runs the
 * first range on the calling thread and the others on worker threads, and returns when all are
 * done. Never splits the sum over k, so each element of C is computed by exactly one thread in the
 * same order whatever the thread count — results are bit-identical for 1 or N threads.
 * <p>
 * Hand-off: a product of 64×128×128 takes ~50 µs, while waking a parked thread takes tens of µs,
 * so workers spin-wait ({@link Thread#onSpinWait()}) for a new range for {@value #SPIN_MICROS} µs
 * after their last one before they park; during training they never park and the hand-off costs
 * about a microsecond. Products below the threshold run on the calling thread. The pool serves one
 * product at a time: a second thread calling while it is busy (two trainings in parallel) simply
 * computes its product alone, which gives the same bits.
 * <p>
 * Back-off: a second thread only pays where the machine really runs two threads at once. The pool
 * watches its splits: when, in a window of {@value #WINDOW} splits, most workers finish later than
 * the calling thread needed for its own equal share (their CPU is time-sliced with the caller's, as
 * on some virtual machines), it stops splitting, logs why, and products run on the calling thread
 * until the thread count is set again. Results do not change: splitting never changes the bits.
 */
final class GemmThreads {
    /** How long an idle worker spins before it parks. */
    static final long SPIN_MICROS = 200;

    /** A rectangle of C to compute. */
    @FunctionalInterface
    interface RangeKernel {
        void run(int i0, int i1, int j0, int j1);
    }

    private static volatile int threads = 1;
    private static volatile long parallelThreshold = 1L << 17;
    private static Worker[] workers = new Worker[0];
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** Splits per back-off decision. */
    static final int WINDOW = 64;
    private static volatile boolean backedOff;
    private static volatile boolean backOffEnabled = true;
    private static int windowSplits;
    private static int windowLate;
    private static long windowCallerNanos;
    private static long windowLateNanos;

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
            backedOff = false;
            windowSplits = 0;
            windowLate = 0;
        } finally {
            BUSY.set(false);
        }
    }

    static long parallelThreshold() {
        return parallelThreshold;
    }

    static void setParallelThreshold(long flops) {
        if (flops < 0) {
            throw new IllegalArgumentException("expected a threshold ≥ 0, found " + flops);
        }
        parallelThreshold = flops;
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
        if (t == 1 || backedOff || 2.0 * m * n * k < parallelThreshold) {
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
            Worker[] ws = workers(t);
            int extent = byRows ? m : n;
            int align = byRows ? rowAlign : colAlign;
            int units = (extent + align - 1) / align;
            int from0 = 0;
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
            long start = System.nanoTime();
            try {
                if (byRows) {
                    kernel.run(from0, to0, 0, n);
                } else {
                    kernel.run(0, m, from0, to0);
                }
            } catch (RuntimeException | Error e) {
                error = e;
            }
            long callerDone = System.nanoTime();
            for (int w = 0; w < t - 1; w++) {
                Throwable e = ws[w].await();
                if (error == null) {
                    error = e;
                }
            }
            watch(callerDone - start, System.nanoTime() - callerDone);
            if (error instanceof RuntimeException) {
                throw (RuntimeException) error;
            } else if (error != null) {
                throw (Error) error;
            }
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * Called with BUSY held after each split: counts splits whose workers finished later than the
     * caller's own share took, and backs off when most of a window did.
     */
    static void watch(long callerNanos, long waitNanos) {
        windowSplits++;
        windowCallerNanos += callerNanos;
        if (waitNanos > callerNanos) {
            windowLate++;
            windowLateNanos += waitNanos;
        }
        if (windowSplits < WINDOW) {
            return;
        }
        if (windowLate > WINDOW / 2 && backOffEnabled) {
            backedOff = true;
            long lateMicros = windowLateNanos / windowLate / 1000;
            long ownMicros = windowCallerNanos / windowSplits / 1000;
            java.util.logging.Logger.getLogger(Gemm.class.getName()).info(() -> "kernel threads: the other "
                    + "thread(s) finished " + lateMicros + " µs after the caller's " + ownMicros + " µs share in "
                    + windowLate + " of " + WINDOW + " products (their CPUs do not run concurrently here); "
                    + "products now run on the calling thread (same results)");
        }
        windowSplits = 0;
        windowLate = 0;
        windowCallerNanos = 0;
        windowLateNanos = 0;
    }

    static void setBackOffEnabled(boolean enabled) {
        backOffEnabled = enabled;
    }

    /** @return true if the pool stopped splitting because the threads did not run concurrently */
    static boolean backedOff() {
        return backedOff;
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

        /** Waits for the posted range (caller side). @return its error, or null */
        Throwable await() {
            long target = posted;
            while (done != target) {
                Thread.onSpinWait();
            }
            kernel = null;
            return error;
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
                    Thread.onSpinWait();
                    if ((++spins & 1023) == 0 && System.nanoTime() - spinStart > SPIN_MICROS * 1000) {
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
