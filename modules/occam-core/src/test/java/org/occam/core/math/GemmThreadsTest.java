package org.occam.core.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ThreadPolicy#runBoth}: who runs what, exactly once, and errors. */
public class GemmThreadsTest {

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
    }

    @Test
    public void oneThreadRunsBothTasksInOrderOnTheCaller() {
        ThreadPolicy.setThreads(1);
        StringBuilder order = new StringBuilder();
        Thread caller = Thread.currentThread();
        Thread[] ran = new Thread[2];
        assertFalse(ThreadPolicy.runBoth(() -> {
            order.append('a');
            ran[0] = Thread.currentThread();
        }, () -> {
            order.append('b');
            ran[1] = Thread.currentThread();
        }));
        assertEquals("ab", order.toString());
        assertSame(caller, ran[0]);
        assertSame(caller, ran[1]);
    }

    /**
     * Many pairs of random length: every task runs exactly once and has finished when runBoth
     * returns, whether the kernel thread took the second task or the caller took it back; the
     * return value says which thread ran it.
     */
    @Test
    public void everyTaskRunsExactlyOnceWhoeverRunsIt() {
        ThreadPolicy.setThreads(2);
        SplittableRandom r = new SplittableRandom(5);
        AtomicInteger firsts = new AtomicInteger();
        AtomicInteger seconds = new AtomicInteger();
        int onWorker = 0;
        int pairs = 20_000;
        for (int i = 0; i < pairs; i++) {
            int spinA = r.nextInt(200);
            int spinB = r.nextInt(200);
            Thread caller = Thread.currentThread();
            boolean[] secondOnCaller = new boolean[1];
            boolean worker = ThreadPolicy.runBoth(() -> {
                busy(spinA);
                firsts.incrementAndGet();
            }, () -> {
                busy(spinB);
                secondOnCaller[0] = Thread.currentThread() == caller;
                seconds.incrementAndGet();
            });
            assertEquals(i + 1, firsts.get());
            assertEquals(i + 1, seconds.get(), "the second task finished before runBoth returned");
            assertEquals(!worker, secondOnCaller[0], "pair " + i);
            if (worker) {
                onWorker++;
            }
        }
        assertTrue(onWorker > 0, "the kernel thread ran some second tasks");
    }

    @Test
    public void anErrorInEitherTaskReachesTheCaller() {
        ThreadPolicy.setThreads(2);
        for (int i = 0; i < 50; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ThreadPolicy.runBoth(() -> {}, () -> {
                        throw new IllegalStateException("second");
                    }));
            assertEquals("second", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> ThreadPolicy.runBoth(() -> {
                throw new IllegalStateException("first");
            }, () -> {}));
            assertEquals("first", e.getMessage());
        }
        AtomicInteger after = new AtomicInteger();
        ThreadPolicy.runBoth(after::incrementAndGet, after::incrementAndGet);
        assertEquals(2, after.get(), "the pool still works after errors");
    }

    private static double sink;

    private static void busy(int n) {
        double s = 0;
        for (int i = 0; i < n * 10; i++) {
            s += Math.sqrt(i);
        }
        sink += s;
    }
}
